package io.custody.kmsemu.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/** IAM-style glob: {@code *} any run of characters, {@code ?} one character, nothing else special. */
final class Wildcard {
    private Wildcard() {}

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        return Pattern.compile(regex.toString(), flags | Pattern.DOTALL).matcher(value).matches();
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
