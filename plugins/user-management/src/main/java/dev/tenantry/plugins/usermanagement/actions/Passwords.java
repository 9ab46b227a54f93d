package dev.tenantry.plugins.usermanagement.actions;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Passwords Tenantry sets: 16 characters from a secure random source, with upper- and lower-case letters, digits and
 * symbols (Entra ID's complexity rule asks three of the four), none of the characters people misread (0/O, 1/l/I).
 */
final class Passwords {

    static final int LENGTH = 16;
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!#$%&*+-=?@";
    private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String generate() {
        List<Character> chars = new ArrayList<>(LENGTH);
        for (String set : List.of(UPPER, LOWER, DIGITS, SYMBOLS)) {
            chars.add(set.charAt(RANDOM.nextInt(set.length())));
        }
        while (chars.size() < LENGTH) {
            chars.add(ALL.charAt(RANDOM.nextInt(ALL.length())));
        }
        Collections.shuffle(chars, RANDOM);
        StringBuilder password = new StringBuilder(LENGTH);
        chars.forEach(password::append);
        return password.toString();
    }
}
