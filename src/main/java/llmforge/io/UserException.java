package llmforge.io;

/** A mistake in the user's input (file, flag, config key): reported as one line, without a stack trace. */
public class UserException extends RuntimeException {
    public UserException(String message) { super(message); }
    public UserException(String message, Throwable cause) { super(message, cause); }
}
