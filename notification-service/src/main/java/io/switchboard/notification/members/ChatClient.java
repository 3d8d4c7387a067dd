package io.switchboard.notification.members;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** chat-service's memberships, asked with this service's token; answers are read tolerantly. */
@RegisterRestClient(configKey = "chat")
@Path("/api/memberships")
@Produces(MediaType.APPLICATION_JSON)
public interface ChatClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChatMembers(UUID id, List<UUID> memberIds) {
    }

    /**
     * {@code GET /api/memberships/{chatId}?before_seq=}: the members after every event of the chat
     * before {@code beforeSeq} (those event {@code beforeSeq} found); 404 when the chat is gone.
     */
    @GET
    @Path("/{chatId}")
    ChatMembers membersBefore(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId,
                              @QueryParam("before_seq") long beforeSeq);
}
