package io.switchboard.chat.event;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.chat.ChatErrors;
import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.contracts.Roles;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.platform.http.ApiException;
import io.switchboard.platform.security.CurrentUser;

/** A chat's event log after a sequence number: what a reconnecting client missed. */
@Path("/api/chats/{chatId}/events")
@Tag(name = "events")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class EventResource {

    /** {@code last_seq} is the chat's newest; more remain when the last event's seq is below it. */
    public record EventPage(UUID chatId, long lastSeq, List<ChatEvent> events) {
    }

    private final EventLog log;
    private final Memberships memberships;
    private final CurrentUser me;
    private final int pageMaxBytes;

    public EventResource(EventLog log, Memberships memberships, CurrentUser me, ChatConfig config) {
        this.log = log;
        this.memberships = memberships;
        this.me = me;
        this.pageMaxBytes = config.events().pageMaxBytes();
    }

    /**
     * Up to {@code limit} events after {@code after_seq}, fewer when they would pass
     * {@code chat.events.page-max-bytes}; 410 resync_required when events after {@code after_seq}
     * are no longer all in the log.
     */
    @GET
    public EventPage after(@PathParam("chatId") UUID chatId,
                           @QueryParam("after_seq") @DefaultValue("0") @Min(0) long afterSeq,
                           @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        var chat = memberships.requireChat(chatId, me.id());
        if (afterSeq < chat.lastSeq) {
            var oldest = log.oldestSeq(chatId);
            if (oldest.isEmpty() || oldest.getAsLong() > afterSeq + 1) {
                throw new ApiException(410, ChatErrors.RESYNC_REQUIRED,
                        "Events after " + afterSeq + " are no longer kept; reload the chat.");
            }
        }
        var reader = me.id();
        return new EventPage(chatId, chat.lastSeq, log.after(chatId, afterSeq, limit, pageMaxBytes).stream()
                .map(event -> asSeenBy(event, reader)).toList());
    }

    /** Muting is a member's own setting: a message's {@code muted_by} names only the reader, if at all. */
    private static ChatEvent asSeenBy(ChatEvent event, UUID reader) {
        if (event.data() instanceof ChatEventData.MessageCreated created && !created.mutedBy().isEmpty()) {
            var mine = created.mutedBy().contains(reader) ? List.of(reader) : List.<UUID>of();
            return event.withData(new ChatEventData.MessageCreated(created.message(), mine));
        }
        return event;
    }
}
