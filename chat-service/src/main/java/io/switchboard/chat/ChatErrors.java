package io.switchboard.chat;

/** Error codes of chat-service, beside the shared ones in contracts' ErrorCodes. */
public final class ChatErrors {

    public static final String CHAT_NOT_FOUND = "chat_not_found";
    public static final String MEMBER_NOT_FOUND = "member_not_found";
    public static final String MESSAGE_NOT_FOUND = "message_not_found";
    public static final String USER_NOT_FOUND = "user_not_found";
    public static final String NOT_A_GROUP = "not_a_group";
    public static final String NOT_THE_AUTHOR = "not_the_author";
    public static final String NOT_THE_OWNER = "not_the_owner";
    public static final String MESSAGE_DELETED = "message_deleted";
    public static final String CHAT_WITH_SELF = "chat_with_self";
    public static final String TOO_MANY_MEMBERS = "too_many_members";
    public static final String USER_BLOCKED = "user_blocked";
    /** 409: a message already has as many different reactions as it may. */
    public static final String TOO_MANY_REACTIONS = "too_many_reactions";
    /** 409: a chat already has as many pinned messages as it may. */
    public static final String TOO_MANY_PINS = "too_many_pins";
    /** 404: no such file in this chat, or not one the caller may see. */
    public static final String ATTACHMENT_NOT_FOUND = "attachment_not_found";
    /** 413: a file over the largest size. */
    public static final String ATTACHMENT_TOO_LARGE = "attachment_too_large";
    /** 415: a media type not accepted, or content that is not of its declared type. */
    public static final String UNSUPPORTED_ATTACHMENT_TYPE = "unsupported_attachment_type";
    /** 416: a range that starts past the file's end. */
    public static final String RANGE_NOT_SATISFIABLE = "range_not_satisfiable";
    /** 503: the object store did not answer; try again. */
    public static final String ATTACHMENT_STORE_UNAVAILABLE = "attachment_store_unavailable";
    public static final String RESYNC_REQUIRED = "resync_required";
    public static final String DIRECTORY_UNAVAILABLE = "directory_unavailable";
    /** 503: a send was not stored (too many waiting, or not taken in time); send it again. */
    public static final String OVERLOADED = "overloaded";
    /** 503: a send was not confirmed in time and may yet be stored; a retry with its client_message_id is safe. */
    public static final String SEND_OUTCOME_UNKNOWN = "send_outcome_unknown";

    private ChatErrors() {
    }
}
