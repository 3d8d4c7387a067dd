package io.switchboard.chat.readstate;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.chat.chat.ChatQueries;
import io.switchboard.contracts.Roles;
import io.switchboard.platform.security.CurrentUser;

@Path("/api/chats/{chatId}/read")
@Tag(name = "read state")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class ReadResource {

    /** {@code seq} absent (or no body): everything so far. */
    public record MarkRead(@Min(0) Long seq) {
    }

    public record ReadState(UUID chatId, long lastReadSeq, long unreadCount) {
    }

    private final ReadService reads;
    private final ChatQueries queries;
    private final CurrentUser me;

    public ReadResource(ReadService reads, ChatQueries queries, CurrentUser me) {
        this.reads = reads;
        this.queries = queries;
        this.me = me;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ReadState markRead(@PathParam("chatId") UUID chatId, @Valid MarkRead request) {
        var position = reads.markRead(chatId, me.id(), request == null ? null : request.seq());
        return new ReadState(chatId, position, queries.unreadCount(me.id(), chatId));
    }
}
