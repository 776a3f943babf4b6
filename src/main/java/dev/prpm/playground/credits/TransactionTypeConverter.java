package dev.prpm.playground.credits;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Lets request parameters name ledger types as the API writes them ({@code spend},
 * {@code purchase}...).
 */
@Component
class TransactionTypeConverter implements Converter<String, TransactionType> {

    @Override
    public TransactionType convert(String source) {
        return TransactionType.of(source.trim());
    }

}
