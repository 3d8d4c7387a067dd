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

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.contracts.chat.MessageView;

/**
 * chat-service's REST API, always called with the user's own token: chat-service decides what
 * the user may see and do, never this gateway.
 */
@RegisterRestClient(configKey = "chat")
@Path("/api/chats")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ChatServiceClient {

    record SendBody(String content, String messageType, String clientMessageId, UUID replyTo, List<UUID> mentions,
                    List<UUID> attachmentIds) {
    }

    record ReadBody(Long seq) {
    }

    /** A page of the user's chats (chat-service's defaults where {@code limit} or {@code after} is null). */
    @GET
    JsonNode myChats(@HeaderParam("Authorization") String bearer, @QueryParam("limit") Integer limit,
                     @QueryParam("after") UUID after);

    @GET
    @Path("/{chatId}")
    JsonNode chat(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId);

    @POST
    @Path("/{chatId}/messages")
    MessageView send(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId, SendBody body);

    @POST
    @Path("/{chatId}/read")
    JsonNode read(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId, ReadBody body);

    @GET
    @Path("/{chatId}/events")
    JsonNode events(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId,
                    @QueryParam("after_seq") long afterSeq, @QueryParam("limit") int limit);
}
