package io.switchboard.chat.search;

import java.util.UUID;

import io.switchboard.contracts.chat.MessageView;

/**
 * One message a search found.
 *
 * @param snippet the parts of its content that matched, HTML-escaped, the matching words in
 *                {@code <mark>}…{@code </mark>}: safe to put into a page as HTML
 * @param rank    how well it matched (higher is better); only its order means something
 */
public record SearchHit(UUID chatId, MessageView message, String snippet, float rank) {
}
