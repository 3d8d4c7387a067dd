package io.switchboard.chat.chat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hibernate.Session;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.switchboard.chat.event.ChatEvents;
import io.switchboard.contracts.Scopes;
import io.switchboard.platform.http.ApiException;

/**
 * Chat members for backends (a service token with scope {@code memberships}). {@code POST /api/memberships}: every chat that any of
 * up to 1,000 users is in, with all its members; realtime-service asks it for the users connecting
 * in the same moment, once for all of them, to know whom to tell they are online (it learns
 * nothing new by it: it keeps the members of every chat whose events it routes), and with
 * {@code include_blocks} the blocks those users made or are subject to, whose presence and typing
 * it then keeps apart.
 * {@code GET /api/memberships/{chatId}?before_seq=}: a chat's members at a point of its log, for a
 * consumer of the chat events that does not know them (contracts' {@code ChatRosters}).
 */
@Path("/api/memberships")
@Tag(name = "memberships")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.MEMBERSHIPS)
public class MembershipResource {

    /** {@code {user_ids}}: 1 to 1,000 users; {@code include_blocks} adds the blocks they are in. */
    public record Query(@NotNull @Size(min = 1, max = 1000) List<@NotNull UUID> userIds, Boolean includeBlocks) {
    }

    /** A chat and its members, in joining order (as far as it is known: see {@link #membersBefore}). */
    public record ChatMembers(UUID id, List<UUID> memberIds) {
    }

    /** {@code blocker_id} blocked {@code blocked_id}. */
    public record Block(UUID blockerId, UUID blockedId) {
    }

    /** {@code blocks}: only when asked for, every block that one of the users made or is subject to. */
    public record Result(List<ChatMembers> chats, @JsonInclude(JsonInclude.Include.NON_NULL) List<Block> blocks) {
    }

    private final EntityManager em;
    private final ChatEvents events;

    public MembershipResource(EntityManager em, ChatEvents events) {
        this.em = em;
        this.events = events;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Result chatsOf(@Valid @NotNull Query query) {
        var session = em.unwrap(Session.class);
        var members = session.doReturningWork(connection -> membersOfChatsOf(connection, query.userIds()));
        var chats = new ArrayList<ChatMembers>(members.size());
        members.forEach((chat, ids) -> chats.add(new ChatMembers(chat, ids)));
        var blocks = Boolean.TRUE.equals(query.includeBlocks())
                ? session.doReturningWork(connection -> blocksOf(connection, query.userIds()))
                : null;
        return new Result(chats, blocks);
    }

    /**
     * The chat's members after every event of it before {@code before_seq}: the members event
     * {@code before_seq} found, whom a consumer of the chat events routes it by. Those still in the
     * chat come in joining order, those who left since after them; a {@code before_seq} past the
     * chat's last event answers its current members, {@code 1} none (the chat did not exist yet).
     * <p>
     * Worked out from the current members by undoing the membership events from
     * {@code before_seq} on ({@link MembersBefore}), both read by one statement
     * ({@link ChatEvents#membershipSince}). Events that the retention
     * ({@link io.switchboard.chat.event.EventRetention}) deleted cannot be undone: for a
     * {@code before_seq} older than the log keeps, the answer is a later membership, so a consumer
     * lagging behind the retention routes its old events to later members.
     * <p>
     * 404 {@code chat_not_found} for no such chat; 400 {@code validation_failed} (field
     * {@code before_seq}) without a {@code before_seq} of at least 1.
     */
    @GET
    @Path("/{chatId}")
    public ChatMembers membersBefore(@PathParam("chatId") UUID chatId,
                                     @QueryParam("before_seq") @Min(1)
                                     @Parameter(required = true, description = "the members after every event before this seq")
                                     Long beforeSeq) {
        if (beforeSeq == null) {
            throw ApiException.invalidField("before_seq", "is required");
        }
        var members = events.membershipSince(chatId, beforeSeq).map(MembersBefore::undo)
                .orElseThrow(Memberships::notFound);
        return new ChatMembers(chatId, members);
    }

    /** SQL: one {@code ANY(array)} parameter for up to 1,000 users, where JPQL would bind each. */
    private static List<Block> blocksOf(Connection connection, List<UUID> users) throws SQLException {
        var blocks = new ArrayList<Block>();
        try (var statement = connection.prepareStatement("""
                SELECT blocker_id, blocked_id FROM user_blocks WHERE blocker_id = ANY(?) OR blocked_id = ANY(?)
                 ORDER BY blocker_id, blocked_id""")) {
            var ids = connection.createArrayOf("uuid", users.toArray());
            statement.setArray(1, ids);
            statement.setArray(2, ids);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    blocks.add(new Block(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class)));
                }
            }
        }
        return blocks;
    }

    /** SQL: one {@code ANY(array)} parameter for up to 1,000 users, where JPQL would bind each. */
    private static Map<UUID, List<UUID>> membersOfChatsOf(Connection connection, List<UUID> users) throws SQLException {
        var members = new LinkedHashMap<UUID, List<UUID>>();
        try (var statement = connection.prepareStatement("""
                SELECT m.chat_id, m.user_id FROM chat_members m
                 WHERE m.chat_id IN (SELECT chat_id FROM chat_members WHERE user_id = ANY(?))
                 ORDER BY m.chat_id, m.joined_at, m.user_id""")) {
            statement.setArray(1, connection.createArrayOf("uuid", users.toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    members.computeIfAbsent(rows.getObject(1, UUID.class), chat -> new ArrayList<>())
                            .add(rows.getObject(2, UUID.class));
                }
            }
        }
        return members;
    }
}
