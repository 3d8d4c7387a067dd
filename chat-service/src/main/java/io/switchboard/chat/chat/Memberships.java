package io.switchboard.chat.chat;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.switchboard.chat.ChatErrors;
import io.switchboard.platform.http.ApiException;

/** Who may see a chat: its members only. To anyone else a chat does not exist. */
@ApplicationScoped
public class Memberships {

    public ChatMember require(UUID chatId, UUID userId) {
        return ChatMember.find(chatId, userId).orElseThrow(() -> notFound());
    }

    /** The chat, for a member; 404 for anyone else, existing chat or not. */
    public Chat requireChat(UUID chatId, UUID userId) {
        require(chatId, userId);
        Chat chat = Chat.findById(chatId);
        if (chat == null) {
            throw notFound();
        }
        return chat;
    }

    /** The chat locked for update, for a member (serialises membership changes of one chat). */
    public Chat requireChatForUpdate(UUID chatId, UUID userId) {
        require(chatId, userId);
        Chat chat = Chat.findById(chatId, LockModeType.PESSIMISTIC_WRITE);
        if (chat == null) {
            throw notFound();
        }
        return chat;
    }

    public static ApiException notFound() {
        return new ApiException(404, ChatErrors.CHAT_NOT_FOUND, "No such chat.");
    }
}
