import Foundation

/// A figure the municipality reports to its partners, declared by the capability that writes its
/// ledger entries: Indicators reads every capability's declarations, so a new capability adds its
/// figures without touching Indicators. The label is the catalog key `indicator_<key>`, kept in the
/// declaring capability's catalog.
public struct Indicator: Sendable {
    public enum Breakdown: Sendable, Equatable {
        case none
        /// By the whole dimension, a country code named in the reader's language.
        case country
        /// By the part of the dimension after its colon, named by the catalog key `labelPrefix + part`.
        case afterColon(labelPrefix: String)
    }

    /// A percentage reported beside the figure: the share of its entries whose dimension is `dimension`.
    public struct Share: Sendable {
        public let key: String, labelKey: String, dimension: String
        public init(key: String, labelKey: String, dimension: String) {
            self.key = key; self.labelKey = labelKey; self.dimension = dimension
        }
    }

    public let key: String
    public let kind: LedgerKind
    /// Only dimensions starting with this count (`business_forum:` for forum participants).
    public let prefix: String
    public let breakdown: Breakdown
    /// Its place among the figures the seed articles name (they come first, in this order); nil for others.
    public let seed: Int?
    public let share: Share?

    public init(
        _ key: String, _ kind: LedgerKind, prefix: String = "", breakdown: Breakdown = .none, seed: Int? = nil,
        share: Share? = nil
    ) {
        self.key = key; self.kind = kind; self.prefix = prefix; self.breakdown = breakdown; self.seed = seed
        self.share = share
    }

    public var labelKey: String { "indicator_\(key)" }

    /// The seed figures first in the seeds' order, then the others in the order the capabilities declare them.
    public static func ordered(_ all: [Indicator]) -> [Indicator] {
        all.filter { $0.seed != nil }.sorted { $0.seed! < $1.seed! } + all.filter { $0.seed == nil }
    }
}
