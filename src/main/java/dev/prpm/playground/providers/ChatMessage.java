package dev.prpm.playground.providers;

/** One turn of a conversation sent to a model. */
public record ChatMessage(Role role, String content) {

    /** Who said it. */
    public enum Role {

        USER, ASSISTANT

    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
