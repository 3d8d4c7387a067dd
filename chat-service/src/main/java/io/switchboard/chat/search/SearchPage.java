package io.switchboard.chat.search;

import java.util.List;

/**
 * A page of search results, the best match first.
 *
 * @param nextBefore the {@code before} that asks for the next page; null on the last one
 */
public record SearchPage(List<SearchHit> results, String nextBefore) {
}
