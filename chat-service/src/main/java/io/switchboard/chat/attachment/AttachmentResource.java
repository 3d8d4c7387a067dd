package io.switchboard.chat.attachment;

import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.chat.ChatErrors;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.contracts.Roles;
import io.switchboard.contracts.chat.AttachmentView;
import io.switchboard.platform.http.ApiException;
import io.switchboard.platform.security.CurrentUser;

/**
 * Files of a chat: uploaded as the raw body, fetched whole or by range, with their thumbnails.
 * Members only; to anyone else every path answers 404 {@code chat_not_found}.
 */
@Path("/api/chats/{chatId}/attachments")
@Tag(name = "attachments")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class AttachmentResource {

    private final AttachmentService attachments;
    private final ObjectStorage storage;
    private final ChatConfig.Attachment config;
    private final CurrentUser me;

    public AttachmentResource(AttachmentService attachments, ObjectStorage storage, ChatConfig chat, CurrentUser me) {
        this.attachments = attachments;
        this.storage = storage;
        this.config = chat.attachment();
        this.me = me;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("chatId") UUID chatId, @QueryParam("name") String name,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream body) {
        AttachmentView view = attachments.upload(chatId, me.id(), name, contentType, contentLength, body);
        return Response.created(URI.create("/api/chats/" + chatId + "/attachments/" + view.id())).entity(view).build();
    }

    @GET
    @Path("/{attachmentId}")
    public Response download(@PathParam("chatId") UUID chatId, @PathParam("attachmentId") UUID attachmentId,
                             @HeaderParam("Range") String range, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                             @HeaderParam("If-Range") String ifRange, @QueryParam("redirect") boolean redirect) {
        var file = attachments.find(chatId, attachmentId, me.id());
        return serve(Variant.original(file), range, ifNoneMatch, ifRange, redirect, true);
    }

    @HEAD
    @Path("/{attachmentId}")
    public Response head(@PathParam("chatId") UUID chatId, @PathParam("attachmentId") UUID attachmentId,
                         @HeaderParam("Range") String range, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                         @HeaderParam("If-Range") String ifRange) {
        var file = attachments.find(chatId, attachmentId, me.id());
        return serve(Variant.original(file), range, ifNoneMatch, ifRange, false, false);
    }

    @GET
    @Path("/{attachmentId}/thumbnail")
    public Response thumbnail(@PathParam("chatId") UUID chatId, @PathParam("attachmentId") UUID attachmentId,
                              @HeaderParam("Range") String range, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                              @HeaderParam("If-Range") String ifRange, @QueryParam("redirect") boolean redirect) {
        var file = attachments.find(chatId, attachmentId, me.id());
        return serve(Variant.thumbnail(file), range, ifNoneMatch, ifRange, redirect, true);
    }

    @HEAD
    @Path("/{attachmentId}/thumbnail")
    public Response thumbnailHead(@PathParam("chatId") UUID chatId, @PathParam("attachmentId") UUID attachmentId,
                                  @HeaderParam("Range") String range,
                                  @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                  @HeaderParam("If-Range") String ifRange) {
        var file = attachments.find(chatId, attachmentId, me.id());
        return serve(Variant.thumbnail(file), range, ifNoneMatch, ifRange, false, false);
    }

    private Response serve(Variant variant, String rangeHeader, String ifNoneMatch, String ifRange, boolean redirect,
                           boolean withBody) {
        var disposition = FileNames.disposition(MediaTypes.inline(variant.contentType()), variant.name());
        if (redirect && config.redirectEnabled()) {
            var url = storage.presignedGet(variant.key(), variant.contentType(), disposition, config.redirectTtl());
            return Response.status(302).location(URI.create(url)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (ifNoneMatch != null && matches(ifNoneMatch, variant.etag())) {
            return common(Response.notModified(), variant).build();
        }
        long size = variant.size();
        var outcome = ifRange != null && !ifRange.strip().equals(variant.etag())
                ? new RangeRequest.Whole()
                : RangeRequest.of(rangeHeader, size);
        Response.ResponseBuilder response;
        String s3Range = null;
        long length = size;
        switch (outcome) {
            case RangeRequest.Unsatisfiable u -> throw new ApiException(416, ChatErrors.RANGE_NOT_SATISFIABLE,
                    "The range starts past the file's end (" + size + " bytes).")
                    .withHeader("Content-Range", "bytes */" + size);
            case RangeRequest.Part part -> {
                response = Response.status(206).header("Content-Range", part.range().contentRange(size));
                s3Range = part.range().header();
                length = part.range().length();
            }
            case RangeRequest.Whole w -> response = Response.ok();
        }
        response.header(HttpHeaders.CONTENT_TYPE, variant.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Content-Disposition", disposition);
        if (withBody && length > 0) {
            var object = storage.get(variant.key(), s3Range);
            response.entity((StreamingOutput) out -> {
                try (object) {
                    object.transferTo(out);
                }
            });
        }
        return common(response, variant).build();
    }

    private static Response.ResponseBuilder common(Response.ResponseBuilder response, Variant variant) {
        return response.header(HttpHeaders.ETAG, variant.etag())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .header("X-Content-Type-Options", "nosniff");
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    /** The file itself or its thumbnail: what is sent, under which tag. */
    private record Variant(String key, String name, String contentType, long size, String etag) {

        static Variant original(AttachmentService.Stored file) {
            var view = file.view();
            return new Variant(file.objectKey(), view.name(), view.contentType(), view.size(),
                    "\"" + view.sha256() + "\"");
        }

        static Variant thumbnail(AttachmentService.Stored file) {
            var key = file.thumbnailKey().orElseThrow(() -> new ApiException(404, ChatErrors.ATTACHMENT_NOT_FOUND,
                    "This file has no thumbnail."));
            return new Variant(key, file.view().name() + ".jpg", "image/jpeg", file.thumbnailSize(),
                    "\"" + file.view().sha256() + "-thumbnail\"");
        }
    }
}
