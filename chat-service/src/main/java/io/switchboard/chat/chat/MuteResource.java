package io.switchboard.chat.chat;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.contracts.Roles;
import io.switchboard.platform.security.CurrentUser;

/** The caller mutes or unmutes a chat for themself; both are idempotent. */
@Path("/api/chats/{chatId}/mute")
@Tag(name = "chats")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class MuteResource {

    private final MuteService mutes;
    private final CurrentUser me;

    public MuteResource(MuteService mutes, CurrentUser me) {
        this.mutes = mutes;
        this.me = me;
    }

    @POST
    public Response mute(@PathParam("chatId") UUID chatId) {
        mutes.setMuted(chatId, me.id(), true);
        return Response.noContent().build();
    }

    @DELETE
    public Response unmute(@PathParam("chatId") UUID chatId) {
        mutes.setMuted(chatId, me.id(), false);
        return Response.noContent().build();
    }
}
