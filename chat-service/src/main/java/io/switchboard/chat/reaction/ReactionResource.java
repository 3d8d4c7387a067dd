package io.switchboard.chat.reaction;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.contracts.Roles;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.platform.security.CurrentUser;

/**
 * The caller's reactions to a message: both calls are idempotent and answer the message with its
 * reactions as the caller sees them. Members get the change as {@code reaction_added} or
 * {@code reaction_removed}.
 */
@Path("/api/chats/{chatId}/messages/{messageId}/reactions/{emoji}")
@Tag(name = "messages")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class ReactionResource {

    private final ReactionService reactions;
    private final CurrentUser me;

    public ReactionResource(ReactionService reactions, CurrentUser me) {
        this.reactions = reactions;
        this.me = me;
    }

    @PUT
    public MessageView add(@PathParam("chatId") UUID chatId, @PathParam("messageId") UUID messageId,
                           @PathParam("emoji") String emoji) {
        return reactions.add(chatId, messageId, me.id(), emoji);
    }

    @DELETE
    public MessageView remove(@PathParam("chatId") UUID chatId, @PathParam("messageId") UUID messageId,
                              @PathParam("emoji") String emoji) {
        return reactions.remove(chatId, messageId, me.id(), emoji);
    }
}
