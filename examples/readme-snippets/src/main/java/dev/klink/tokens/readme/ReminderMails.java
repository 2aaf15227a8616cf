package dev.klink.tokens.readme;

import dev.klink.tokens.TokenInfo;
import java.time.Duration;

/** Where the README's expiry reminders go: the application's own mail. */
interface ReminderMails {

    void send(TokenInfo token, Duration expiresWithin);
}
