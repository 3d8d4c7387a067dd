package io.switchboard.chat.message;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.contracts.Roles;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.platform.security.CurrentUser;

@Path("/api/chats/{chatId}/messages")
@Tag(name = "messages")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class MessageResource {

    private final MessageService messages;
    private final CurrentUser me;

    public MessageResource(MessageService messages, CurrentUser me) {
        this.messages = messages;
        this.me = me;
    }

    @GET
    public List<MessageView> history(@PathParam("chatId") UUID chatId,
                                     @QueryParam("before_seq") @Min(1) Long beforeSeq,
                                     @QueryParam("after_seq") @Min(0) Long afterSeq,
                                     @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return messages.history(chatId, me.id(), beforeSeq, afterSeq, limit);
    }

    /** 201 with the stored message; 200 with the original when the client_message_id was seen before. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@PathParam("chatId") UUID chatId, @Valid @NotNull MessageRequests.Send request) {
        var sent = messages.send(chatId, me.id(), request, me.bearer());
        return Response.status(sent.created() ? 201 : 200).entity(sent.message()).build();
    }

    @PATCH
    @Path("/{messageId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MessageView edit(@PathParam("chatId") UUID chatId, @PathParam("messageId") UUID messageId,
                            @Valid @NotNull MessageRequests.Edit request) {
        return messages.edit(chatId, messageId, me.id(), request.content());
    }

    @DELETE
    @Path("/{messageId}")
    public Response delete(@PathParam("chatId") UUID chatId, @PathParam("messageId") UUID messageId) {
        messages.delete(chatId, messageId, me.id(), me.isAdmin());
        return Response.noContent().build();
    }
}
