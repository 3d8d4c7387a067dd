package io.switchboard.realtime.protocol;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;

/**
 * Admits what a client sends (rate limit, frame size, decoding), has the {@link Dispatcher}
 * carry it out and sends its answer. Whatever cannot be carried out is answered with an
 * {@code error} event naming the request, and the socket stays open; only a sustained flood
 * closes it.
 */
@ApplicationScoped
public class Requests {

    private static final Logger LOG = Logger.getLogger(Requests.class);

    private final ProtocolCodec codec = new ProtocolCodec();
    private final Dispatcher dispatcher;
    private final Replies replies;
    private final DeliveryMetrics metrics;
    private final int maxFrameBytes;
    private final int closeAfter;

    Requests(Dispatcher dispatcher, Replies replies, DeliveryMetrics metrics, RealtimeConfig config) {
        this.dispatcher = dispatcher;
        this.replies = replies;
        this.metrics = metrics;
        this.maxFrameBytes = config.frames().maxSize();
        this.closeAfter = config.rateLimit().closeAfter();
    }

    /** A text frame: carried out unless refused; the socket's opening hold ends with it either way. */
    public void handle(ClientSession session, String text) {
        try {
            var message = admit(session, text);
            if (message == null) {
                return;
            }
            if (message instanceof ClientMessage.Resume resume) {
                resume.chats().keySet().forEach(session::beginResume); // before the opening hold ends
            }
            session.releaseOpening();
            carryOut(session, message);
        } catch (ProtocolException e) {
            replies.error(session, e.code(), e.getMessage(), e.requestType(), null, null);
        } finally {
            session.releaseOpening();
        }
    }

    /** A binary frame: this protocol is JSON text. */
    public void binary(ClientSession session) {
        session.releaseOpening();
        if (withinRateLimit(session)) {
            replies.error(session, ProtocolErrors.MALFORMED_JSON, "Frames must be JSON text.", null, null, null);
        }
    }

    /** A frame above the size limit, whether measured here or refused by the transport. */
    public void tooLarge(ClientSession session) {
        replies.error(session, ProtocolErrors.FRAME_TOO_LARGE,
                "Frames may be at most " + maxFrameBytes + " bytes.", null, null, null);
    }

    /** The decoded message, or null when the frame was refused (and answered). */
    private ClientMessage admit(ClientSession session, String text) {
        if (!withinRateLimit(session)) {
            return null;
        }
        if (text.length() > maxFrameBytes || text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
            tooLarge(session);
            return null;
        }
        return codec.decode(text);
    }

    /**
     * Within the socket's rate limit, or refused: answered with {@code rate_limited} on the first
     * refusal of a run and every 20th after it, closed with 1008 after {@code close-after} in a row.
     */
    private boolean withinRateLimit(ClientSession session) {
        var bucket = session.rateLimit();
        if (bucket.tryTake(System.nanoTime())) {
            return true;
        }
        int refused = bucket.refusedInARow();
        if (refused >= closeAfter) {
            metrics.closed("flood");
            session.close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
        } else if (refused % 20 == 1) {
            replies.error(session, ProtocolErrors.RATE_LIMITED, "Too many frames; slow down.", null, null, null);
        } else {
            metrics.refused(ProtocolErrors.RATE_LIMITED);
        }
        return false;
    }

    /** Carries the message out; a refusal or failure is answered with an error naming the request. */
    private void carryOut(ClientSession session, ClientMessage message) {
        try {
            var answer = dispatcher.dispatch(session, message);
            if (answer != null) {
                replies.send(session, answer);
            }
        } catch (ProtocolException e) {
            refuse(session, message, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Failed to carry out %s for %s", ClientMessage.typeOf(message), session.userId());
            refuse(session, message, ProtocolErrors.INTERNAL_ERROR, "Something went wrong; try again.");
        }
    }

    private void refuse(ClientSession session, ClientMessage message, String code, String text) {
        replies.error(session, code, text, ClientMessage.typeOf(message), chatOf(message), clientIdOf(message));
    }

    /** The chat a refused request named, for its error. */
    static UUID chatOf(ClientMessage message) {
        return switch (message) {
            case ClientMessage.Typing m -> m.chatId();
            case ClientMessage.ReadMessages m -> m.chatId();
            case ClientMessage.SendMessage m -> m.chatId();
            case ClientMessage.JoinChat m -> m.chatId();
            case ClientMessage.LeaveChat m -> m.chatId();
            case ClientMessage.GetChatStatus m -> m.chatId();
            default -> null;
        };
    }

    /** The client's own id of a refused {@code send_message}, for its error. */
    static String clientIdOf(ClientMessage message) {
        return message instanceof ClientMessage.SendMessage send ? send.clientMessageId() : null;
    }
}
