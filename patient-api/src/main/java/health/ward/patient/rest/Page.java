package health.ward.patient.rest;

import java.util.List;

/** One page of a longer result; {@code next} is null on the last page. */
public record Page<T>(List<T> items, int page, int size, Integer next) {
}
