package io.custody.enclave.attest;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * The keys an enclave makes at boot and never exports: X25519 (peer channel key agreement),
 * Ed25519 (signing broadcasts) and RSA-2048 (KMS {@code Recipient}: data keys arrive encrypted
 * to it). The public halves are bound into every attestation document; the private halves
 * exist only in this process's memory and die with it.
 */
public final class EnclaveIdentity {
    private final KeyPair x25519;
    private final KeyPair ed25519;
    private final KeyPair rsa;

    private EnclaveIdentity(KeyPair x25519, KeyPair ed25519, KeyPair rsa) {
        this.x25519 = x25519;
        this.ed25519 = ed25519;
        this.rsa = rsa;
    }

    public static EnclaveIdentity generate() {
        try {
            KeyPairGenerator xdh = KeyPairGenerator.getInstance("XDH");
            xdh.initialize(NamedParameterSpec.X25519);
            KeyPairGenerator eddsa = KeyPairGenerator.getInstance("Ed25519");
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
            return new EnclaveIdentity(xdh.generateKeyPair(), eddsa.generateKeyPair(), rsa.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make X25519, Ed25519 or RSA keys", e);
        }
    }

    public KeyPair x25519() {
        return x25519;
    }

    public KeyPair ed25519() {
        return ed25519;
    }

    public KeyPair rsa() {
        return rsa;
    }

    @Override
    public String toString() {
        return "EnclaveIdentity[private keys not shown]";
    }
}
