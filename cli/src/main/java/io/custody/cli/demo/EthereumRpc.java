package io.custody.cli.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.custody.cli.CustodyCliException.ClusterFailure;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A minimal Ethereum JSON-RPC 2.0 client over {@link java.net.http} (no web3j in custodyctl). */
public final class EthereumRpc {
    private static final Duration CALL = Duration.ofSeconds(10);
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CALL).build();
    private final AtomicLong ids = new AtomicLong();

    public EthereumRpc(URI endpoint) {
        this.endpoint = endpoint;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Calls {@code method}; params are strings, numbers, booleans, JsonElements. Fails on a JSON-RPC error. */
    public JsonElement call(String method, Object... params) {
        JsonObject request = new JsonObject();
        request.addProperty("jsonrpc", "2.0");
        request.addProperty("id", ids.incrementAndGet());
        request.addProperty("method", method);
        JsonArray array = new JsonArray();
        for (Object p : params) {
            switch (p) {
                case JsonElement e -> array.add(e);
                case String s -> array.add(s);
                case Number n -> array.add(n);
                case Boolean b -> array.add(b);
                default -> throw new IllegalArgumentException("param " + p);
            }
        }
        request.add("params", array);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint).timeout(CALL)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ClusterFailure(method + " at " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterFailure("interrupted", e);
        }
        JsonObject answer;
        try {
            answer = JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ClusterFailure(method + " at " + endpoint + ": HTTP " + response.statusCode() + ", not JSON-RPC: "
                    + response.body(), e);
        }
        if (answer.has("error") && !answer.get("error").isJsonNull()) {
            throw new ClusterFailure(method + " at " + endpoint + " failed: " + answer.get("error"));
        }
        JsonElement result = answer.get("result");
        return result == null ? JsonNull.INSTANCE : result;
    }

    /** A call whose result is a hex quantity. */
    public BigInteger quantity(String method, Object... params) {
        return quantity(call(method, params));
    }

    public static BigInteger quantity(JsonElement hex) {
        String s = hex.getAsString();
        if (!s.startsWith("0x")) {
            throw new ClusterFailure("not a hex quantity: " + s);
        }
        return s.length() == 2 ? BigInteger.ZERO : new BigInteger(s.substring(2), 16);
    }

    public static String hex(BigInteger value) {
        return "0x" + value.toString(16);
    }

    public BigInteger balance(String address) {
        return quantity("eth_getBalance", address, "latest");
    }

    /** Polls {@code eth_getTransactionReceipt} until the transaction is mined. */
    public JsonObject awaitReceipt(String txHash, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonElement receipt = call("eth_getTransactionReceipt", txHash);
            if (receipt.isJsonObject()) {
                return receipt.getAsJsonObject();
            }
            if (System.nanoTime() > until) {
                throw new ClusterFailure("transaction " + txHash + " not mined within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterFailure("interrupted", e);
            }
        }
    }
}
