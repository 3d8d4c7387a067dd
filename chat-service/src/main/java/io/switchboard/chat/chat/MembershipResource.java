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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hibernate.Session;

import io.switchboard.contracts.Roles;

/**
 * {@code POST /api/memberships} (role service): every chat that any of up to 1,000 users is in,
 * with all its members. realtime-service asks it for the users connecting in the same moment,
 * once for all of them, to know whom to tell they are online; it learns nothing it does not
 * already see, since every chat event it routes names the chat's members.
 */
@Path("/api/memberships")
@Tag(name = "memberships")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
public class MembershipResource {

    /** {@code {user_ids}}: 1 to 1,000 users. */
    public record Query(@NotNull @Size(min = 1, max = 1000) List<@NotNull UUID> userIds) {
    }

    /** A chat and all its members, in joining order. */
    public record ChatMembers(UUID id, List<UUID> memberIds) {
    }

    public record Result(List<ChatMembers> chats) {
    }

    private final EntityManager em;

    public MembershipResource(EntityManager em) {
        this.em = em;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Result chatsOf(@Valid @NotNull Query query) {
        var members = em.unwrap(Session.class).doReturningWork(connection -> membersOfChatsOf(connection, query.userIds()));
        var chats = new ArrayList<ChatMembers>(members.size());
        members.forEach((chat, ids) -> chats.add(new ChatMembers(chat, ids)));
        return new Result(chats);
    }

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
