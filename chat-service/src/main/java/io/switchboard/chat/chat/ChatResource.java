package io.switchboard.chat.chat;

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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.contracts.Roles;
import io.switchboard.platform.http.ApiException;
import io.switchboard.platform.security.CurrentUser;

@Path("/api/chats")
@Tag(name = "chats")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class ChatResource {

    private final ChatService chats;
    private final ChatQueries queries;
    private final Memberships memberships;
    private final CurrentUser me;

    public ChatResource(ChatService chats, ChatQueries queries, Memberships memberships, CurrentUser me) {
        this.chats = chats;
        this.queries = queries;
        this.memberships = memberships;
        this.me = me;
    }

    /** 201 with a new chat; 200 with the existing direct chat of the same two users. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull ChatRequests.CreateChat request) {
        if ("direct".equals(request.type())) {
            if (request.userId() == null) {
                throw ApiException.invalidField("user_id", "is required for a direct chat");
            }
            if (request.title() != null || request.memberIds() != null) {
                throw ApiException.invalidField(request.title() != null ? "title" : "member_ids",
                        "is not allowed for a direct chat");
            }
            var result = chats.direct(me.id(), request.userId(), me.bearer());
            return Response.status(result.created() ? 201 : 200).entity(view(result.chatId())).build();
        }
        if (request.userId() != null) {
            throw ApiException.invalidField("user_id", "is not allowed for a group; use member_ids");
        }
        var id = chats.group(me.id(), request.title(), request.memberIds(), me.bearer());
        return Response.status(201).entity(view(id)).build();
    }

    /**
     * My chats, most recent activity first, a page at a time: a full page links to the next one
     * ({@code Link: <...?limit=&after=LAST_ID>; rel="next"}).
     */
    @GET
    public Response list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit,
                         @QueryParam("after") UUID after) {
        var page = after == null ? queries.chatsOf(me.id(), limit)
                : queries.chatsOf(me.id(), limit, memberships.requireChat(after, me.id()));
        var response = Response.ok(page);
        if (page.size() == limit) {
            response.header(HttpHeaders.LINK, "</api/chats?limit=" + limit + "&after=" + page.getLast().id() + ">; rel=\"next\"");
        }
        return response.build();
    }

    @GET
    @Path("/{chatId}")
    public ChatView get(@PathParam("chatId") UUID chatId) {
        return view(chatId);
    }

    @PATCH
    @Path("/{chatId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ChatView rename(@PathParam("chatId") UUID chatId, @Valid @NotNull ChatRequests.UpdateChat request) {
        chats.rename(chatId, me.id(), request.title());
        return view(chatId);
    }

    @POST
    @Path("/{chatId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public ChatView addMembers(@PathParam("chatId") UUID chatId, @Valid @NotNull ChatRequests.AddMembers request) {
        chats.addMembers(chatId, me.id(), request.userIds(), me.bearer());
        return view(chatId);
    }

    @DELETE
    @Path("/{chatId}/members/{userId}")
    public Response removeMember(@PathParam("chatId") UUID chatId, @PathParam("userId") UUID userId) {
        chats.removeMember(chatId, me.id(), userId);
        return Response.noContent().build();
    }

    private ChatView view(UUID chatId) {
        return queries.chat(chatId, me.id()).orElseThrow(Memberships::notFound);
    }
}
