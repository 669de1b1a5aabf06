import Foundation
import HummingbirdOTP

/// TOTP (RFC 6238) for staff: 6 digits, 30-second steps, one step of drift allowed.
public enum SecondFactor {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }

    public static func verify(code: String?, secret: String, at now: Date) -> Bool {
        step(code: code, secret: secret, at: now) != nil
    }

    /// The time step (RFC 6238 §4: seconds since 1970 / 30) whose code was given, or nil.
    /// A code is good once: the caller remembers the last accepted step (§5.2).
    public static func step(code: String?, secret: String, at now: Date) -> Int64? {
        guard let code = code?.filter({ !$0.isWhitespace }), code.count == 6, let value = Int(code) else { return nil }
        let totp = TOTP(secret: secret)
        let current = Int64((now.timeIntervalSince1970 / 30).rounded(.down))
        return (current - 1...current + 1).first {
            totp.compute(date: Date(timeIntervalSince1970: Double($0) * 30)) == value
        }
    }

    public static func code(secret: String, at now: Date) -> String {
        String(format: "%06d", TOTP(secret: secret).compute(date: now))
    }

    public static func enrolmentURI(secret: String, account: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "Zavičaj:\(account)", issuer: "Zavičaj")
    }

    /// The secret as authenticator apps take it when typed in (base32).
    public static func base32(_ secret: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0, value = 0, output = ""
        for byte in secret.utf8 {
            value = (value << 8) | Int(byte); bits += 8
            while bits >= 5 { output.append(alphabet[(value >> (bits - 5)) & 31]); bits -= 5 }
        }
        if bits > 0 { output.append(alphabet[(value << (5 - bits)) & 31]) }
        return output
    }
}
