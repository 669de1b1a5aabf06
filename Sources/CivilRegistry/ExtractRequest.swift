import Foundation
import Platform

/// The documents a person abroad may ask for: the four ordinary extracts (izvodi) and the
/// international multilingual extracts of CIEC Convention No. 16 (forms A, B, C).
public enum ExtractKind: String, CaseIterable, Sendable, Codable {
    case birth, marriage, death, citizenship, ciecA = "ciec_a", ciecB = "ciec_b", ciecC = "ciec_c"

    /// The book the document is drawn from.
    public var book: RegistryBook {
        switch self {
        case .birth, .ciecA: return .births
        case .marriage, .ciecB: return .marriages
        case .death, .ciecC: return .deaths
        case .citizenship: return .citizens
        }
    }

    public var isInternational: Bool { [.ciecA, .ciecB, .ciecC].contains(self) }

    /// The ordinary extract of the same book: a CIEC extract may not cost more than it.
    public var ordinary: ExtractKind {
        switch self {
        case .ciecA: return .birth
        case .ciecB: return .marriage
        case .ciecC: return .death
        default: return self
        }
    }
}

/// Whose document it is, seen from the requester: the person, family in the direct line,
/// siblings, a guardian or an adopter, a proxy (the people an extract may be issued to; FBiH
/// Zakon o matičnim knjigama, Sl. novine FBiH 37/12, as the domain notes cite it).
public enum Relation: String, CaseIterable, Sendable, Codable {
    case own = "self", child, parent, spouse, sibling, grandchild, grandparent
    case ward, adoptedChild = "adopted_child", deceased = "deceased_relative", proxy

    /// Relations the requester explains in words.
    public var needsStatement: Bool { [.sibling, .deceased, .proxy].contains(self) }
    /// Relations proved by a document sent with the request: the power of attorney, the
    /// guardianship decision (rješenje o starateljstvu) or the adoption decision.
    public var needsDocument: Bool { [.proxy, .ward, .adoptedChild].contains(self) }
}

public enum Delivery: String, CaseIterable, Sendable, Codable { case electronic, post, office }

/// How the administrative tax is paid: a bank transfer (its reference) or at the office.
public enum Payment: String, CaseIterable, Sendable, Codable { case transfer, office }

public enum ExtractStatus: String, CaseIterable, Sendable, Codable {
    case received, waitingProof = "waiting_proof", issued, rejected
}

/// Why a request is refused; the requester reads the reason with the registrar's words.
public enum RejectionReason: String, CaseIterable, Sendable {
    case notInBooks = "not_in_books", notEntitled = "not_entitled", unpaid, other
}

/// The languages and scripts an extract is issued in.
public enum DocumentLanguage {
    public static let all: [Language] = [.bs, .hr, .srLatn, .srCyrl]
}

/// Who the document is about, as the requester identifies them.
public struct ExtractSubject: Sendable, Equatable, Codable {
    public var jmbg: String?
    public var givenName: String
    public var surname: String
    public var birthDate: String?
    public var birthPlace: String?
    public var fatherName: String?
    public var motherName: String?
    /// For a marriage: the other spouse, as far as known.
    public var spouseName: String?

    enum CodingKeys: String, CodingKey {
        case jmbg, givenName = "given_name", surname, birthDate = "birth_date", birthPlace = "birth_place"
        case fatherName = "father_name", motherName = "mother_name", spouseName = "spouse_name"
    }
}

/// A request for a document, as a member sends it.
public struct ExtractRequest: Sendable, Decodable {
    public var id: String
    public var number: String
    public var municipalityID: String
    public var requesterID: String?
    public var requesterName: String
    public var requesterEmail: String
    public var kind: ExtractKind
    public var relation: Relation
    /// The requester's own words on how they are related (or whom they act for).
    public var relationship: String?
    @JSONColumn public var subject: ExtractSubject
    public var purpose: String
    public var copies: Int
    public var language: Language
    public var delivery: Delivery
    public var postalAddress: String?
    public var payment: Payment
    public var paymentReference: String?
    public var feeFening: Int
    /// The parts of the price: the documents, and the postage abroad.
    public var feeDocumentFening = 0
    public var feePostageFening = 0
    public var status: ExtractStatus
    public var rejectionReason: String?
    public var rejectionNote: String?
    public var documentNumber: String?
    @Instant public var submittedAt: Date
    @OptionalInstant public var decidedAt: Date?
    public var decidedBy: String?
    /// What the registrar asked the requester to prove, while the request waits for it.
    public var proofNote: String?
    /// The registered-mail number (UPU S10) of a posted document.
    public var trackingNumber: String?
    @OptionalInstant public var dispatchedAt: Date?
    /// Why the registrar issued although the entry differs from a request "for self".
    public var issueNote: String?
    /// When a copy was printed for a wet signature and stamp, and by whom.
    @OptionalInstant public var printedAt: Date?
    public var printedBy: String?
}

/// What a municipality charges (administrativna taksa), in fening: each municipality's setting.
public struct ExtractFees: Sendable, Equatable {
    public var byKind: [ExtractKind: Int]
    public var postage: Int
    /// KM per one unit of a foreign currency, in hundred-thousandths (EUR 1.95583 KM = 195_583),
    /// set by the municipality, for showing the price to people abroad.
    public var rates: [String: Int]
    /// Whether a CIEC extract may cost no more than the ordinary one. We found no article of the
    /// convention or of BiH law that says so (secondary sources claim it; the convention's articles
    /// 1–5 on ciec1.org do not), so it is each municipality's own rule, off until it turns it on.
    public var ciecCapped: Bool
    public static let currencies = ["EUR", "CHF"]

    public init(
        byKind: [ExtractKind: Int], postage: Int, rates: [String: Int] = ["EUR": 195_583, "CHF": 209_000],
        ciecCapped: Bool = false
    ) {
        self.byKind = byKind; self.postage = postage; self.rates = rates; self.ciecCapped = ciecCapped
    }

    /// A price in fening as the minor units of `currency` (cents, rappen), rounded half up.
    public func converted(_ fening: Int, to currency: String) -> Int? {
        guard let rate = rates[currency], rate > 0 else { return nil }
        return (fening * 100_000 * 2 + rate) / (rate * 2)
    }

    /// "12,34 EUR"
    public static func shown(_ minor: Int, currency: String) -> String {
        "\(minor / 100),\(minor % 100 < 10 ? "0" : "")\(minor % 100) \(currency)"
    }

    /// Before a municipality sets its own: the usual 5 KM extract, the same for CIEC, and 8.50 KM postage abroad.
    public static let standard = ExtractFees(
        byKind: [
            .birth: 500, .marriage: 500, .death: 500, .citizenship: 500,
            .ciecA: 500, .ciecB: 500, .ciecC: 500,
        ], postage: 850)

    public func fee(_ kind: ExtractKind, copies: Int, delivery: Delivery) -> Int {
        (byKind[kind] ?? 0) * copies + (delivery == .post ? postage : 0)
    }

    /// Each fee in range; where the municipality caps CIEC extracts, none above the ordinary one.
    public func check() throws {
        for kind in ExtractKind.allCases {
            guard let fee = byKind[kind], fee >= 0, fee <= 100_000 else {
                throw AppError.invalid("fee_\(kind.rawValue)", "fee_invalid")
            }
            if ciecCapped, kind.isInternational, fee > byKind[kind.ordinary] ?? 0 {
                throw AppError.invalid("fee_\(kind.rawValue)", "fee_ciec_above_ordinary")
            }
        }
        guard postage >= 0, postage <= 100_000 else { throw AppError.invalid("fee_postage", "fee_invalid") }
        for currency in Self.currencies {
            guard let rate = rates[currency], rate >= 1_000, rate <= 10_000_000 else {
                throw AppError.invalid("rate_\(currency.lowercased())", "rate_invalid")
            }
        }
    }

    /// "5,00 KM": fening shown as konvertibilna marka.
    public static func shown(_ fening: Int) -> String {
        "\(fening / 100),\(String(format: "%02d", fening % 100)) KM"
    }

    /// "5", "5,5" or "5.50" typed into a form, as fening.
    public static func parse(_ text: String?) -> Int? {
        let cleaned = (text ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !cleaned.isEmpty, let value = Decimal(string: cleaned), value >= 0 else { return nil }
        let fening = NSDecimalNumber(decimal: value * 100)
        guard fening.doubleValue == fening.doubleValue.rounded() else { return nil }
        return fening.intValue
    }
}
