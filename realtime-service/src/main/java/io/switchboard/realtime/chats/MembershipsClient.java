package io.switchboard.realtime.chats;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** chat-service's {@code /api/memberships}, asked with this instance's service token. */
@RegisterRestClient(configKey = "chat")
@Path("/api/memberships")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface MembershipsClient {

    /** {@code include_blocks}: also the blocks the users made or are subject to. */
    record Query(List<UUID> userIds, boolean includeBlocks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChatWithMembers(UUID id, List<UUID> memberIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Block(UUID blockerId, UUID blockedId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(List<ChatWithMembers> chats, List<Block> blocks) {
    }

    @POST
    Result chatsOf(@HeaderParam("Authorization") String bearer, Query query);

    /** {@code GET /api/memberships/{chatId}?before_seq=}: the members the chat's event {@code beforeSeq} found. */
    @GET
    @Path("/{chatId}")
    ChatWithMembers membersBefore(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId,
                              @QueryParam("before_seq") long beforeSeq);
}
