package io.switchboard.chat.search;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.contracts.Roles;
import io.switchboard.platform.http.ApiException;
import io.switchboard.platform.http.TextRules;
import io.switchboard.platform.security.CurrentUser;

/** Searching the messages of my chats. The parameters are named as in the URL, so errors name them so. */
@Path("/api/messages/search")
@Tag(name = "messages")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class SearchResource {

    private final MessageSearch search;
    private final CurrentUser me;

    public SearchResource(MessageSearch search, CurrentUser me) {
        this.search = search;
        this.me = me;
    }

    /**
     * Messages of my chats (or of {@code chat_id}) matching {@code q}, the best match first;
     * {@code before} is the {@code next_before} of the previous page.
     */
    @GET
    public SearchPage search(
            @QueryParam("q") @Size(min = 1, max = 200)
            @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE) String q,
            @QueryParam("chat_id") UUID chatId,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(MessageSearch.MAX_LIMIT) int limit,
            @QueryParam("before") @Size(max = 200) String before) {
        if (q == null || q.isBlank()) { // not @NotNull: a null @NotNull parameter reads as a missing body
            throw ApiException.invalidField("q", "must not be blank");
        }
        return search.search(me.id(), q, chatId, limit, before);
    }
}
