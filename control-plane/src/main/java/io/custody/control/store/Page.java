package io.custody.control.store;

import java.util.List;
import java.util.Optional;

/** One page of a list, and the ordinal to continue after (empty on the last page). */
public record Page<T>(List<T> items, Optional<Long> continueAfter) {

    public Page {
        items = List.copyOf(items);
    }

    /** Builds a page from up to {@code size + 1} rows: the extra row only says there is more. */
    public static <T> Page<T> of(List<T> rows, int size, java.util.function.ToLongFunction<T> ordinal) {
        if (rows.size() > size) {
            List<T> page = rows.subList(0, size);
            return new Page<>(page, Optional.of(ordinal.applyAsLong(page.getLast())));
        }
        return new Page<>(rows, Optional.empty());
    }
}
