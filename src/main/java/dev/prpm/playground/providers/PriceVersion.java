package dev.prpm.playground.providers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A short digest naming the configured price table, so a receipt says which prices
 * applied.
 */
final class PriceVersion {

    private PriceVersion() {
    }

    static String of(ModelProperties properties) {
        StringBuilder table = new StringBuilder("tokensPerCredit=" + properties.tokensPerCredit());
        new TreeMap<>(properties.models()).forEach((id, model) -> table.append('|')
            .append(id)
            .append(':')
            .append(model.inputPricePerMillion().toPlainString())
            .append(':')
            .append(model.outputPricePerMillion().toPlainString())
            .append(':')
            .append(model.creditMultiplier()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(table.toString().getBytes(StandardCharsets.UTF_8));
            return "p-" + HexFormat.of().formatHex(digest, 0, 6);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
