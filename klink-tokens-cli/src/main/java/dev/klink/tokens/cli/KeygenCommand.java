package dev.klink.tokens.cli;

import dev.klink.tokens.HmacKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Print a new random HMAC key, base64, as klink.tokens.hashing.keys[i].secret takes it.",
                "Put it in the application's secret store or environment, never in source control."})
final class KeygenCommand implements Callable<Integer> {

    @ParentCommand
    KlinkTokensCli root; // set by picocli before call()

    @Option(names = "--bytes", paramLabel = "N", defaultValue = "32",
            description = "Key length in bytes, at least 32. Default: ${DEFAULT-VALUE}.")
    int bytes = HmacKey.MIN_LENGTH_BYTES;

    @Override
    public Integer call() {
        if (bytes < HmacKey.MIN_LENGTH_BYTES || bytes > 1024) {
            throw CliFailure.usage("--bytes must be between " + HmacKey.MIN_LENGTH_BYTES + " and 1024, was " + bytes);
        }
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        Session session = root.session();
        session.out().println(Base64.getEncoder().encodeToString(key));
        session.out().flush();
        session.err().println("Use it as klink.tokens.hashing.keys[0].secret with a new id "
                + "(klink.tokens.hashing.keys[0].id); keep the old key listed after it until its tokens are gone.");
        return 0;
    }
}
