package io.switchboard.notification;

/** Error codes of notification-service, beside the shared ones in contracts' ErrorCodes. */
public final class NotificationErrors {

    public static final String NOTIFICATION_NOT_FOUND = "notification_not_found";
    public static final String DATA_TOO_LARGE = "data_too_large";
    public static final String PUSH_UNAVAILABLE = "push_unavailable";

    private NotificationErrors() {
    }
}
