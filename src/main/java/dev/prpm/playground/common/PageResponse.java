package dev.prpm.playground.common;

import java.util.List;

/** A page of results with its position in the whole. */
public record PageResponse<T>(List<T> items, int page, int size, long total) {

    public static <T> PageResponse<T> of(List<T> items, int page, int size, long total) {
        return new PageResponse<>(List.copyOf(items), page, size, total);
    }
}
