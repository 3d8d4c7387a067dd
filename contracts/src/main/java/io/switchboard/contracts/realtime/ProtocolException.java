package io.switchboard.contracts.realtime;

/** A client frame that cannot be carried out; becomes an {@code error} event with {@link #code()}. */
public final class ProtocolException extends RuntimeException {

    private final String code;
    private final String requestType;

    public ProtocolException(String code, String message, String requestType) {
        super(message, null, false, false);
        this.code = code;
        this.requestType = requestType;
    }

    public String code() {
        return code;
    }

    /** The {@code type} of the frame, when it had a readable one. */
    public String requestType() {
        return requestType;
    }
}
