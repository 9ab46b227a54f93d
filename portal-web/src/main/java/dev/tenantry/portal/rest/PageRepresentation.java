package dev.tenantry.portal.rest;

import java.util.List;

/**
 * One page of a list: the items, where the page starts, and how many match in all (to page on, ask from
 * {@code first + items.size()}).
 */
public record PageRepresentation<T>(long total, int first, List<T> items) {
}
