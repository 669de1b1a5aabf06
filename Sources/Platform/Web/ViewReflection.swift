import Mustache
@_spi(Reflection) import Swift
import Synchronization

// Templates read a view's properties by name. swift-mustache finds them with a `Mirror`, which
// walks and demangles every stored property of the value for each `{{name}}` it reads: two thirds
// of a news page's CPU went there (`perf record -g`, issue 19). Here each struct type's stored
// properties (names, offsets, types, from the runtime's field records) are read once per process,
// and a view value answers a name by copying that one property. What a template sees is what the
// `Mirror` showed: the same stored properties by the same names, a nil optional as no value.

/// A struct value of a view, answering the templates by name from its type's `ViewShape`.
struct ViewValue: MustacheParent, MustacheCustomRenderable {
    let value: Any
    let shape: ViewShape

    func child(named name: String) -> Any? {
        guard let field = shape.fields[name] else { return nil }
        return field.presentation.present(field.read(from: value))
    }

    /// `{{value}}` of a whole struct draws what it drew before: its description.
    var renderText: String { String(describing: value) }
    var isNull: Bool { false }

    /// The value ready for the templates: a view struct wrapped, anything else as it is.
    static func presented(_ value: Any) -> Any {
        ViewShape.presentation(of: type(of: value)).present(value) ?? value
    }
}

/// One stored property: where it lies in its struct, its type, and how its values are shown.
struct ViewField: @unchecked Sendable {  // Any.Type is an immutable metatype
    let offset: Int
    let type: Any.Type
    let presentation: Presentation

    func read(from value: Any) -> Any {
        func inValue<Value>(_ value: Value) -> Any {
            withUnsafeBytes(of: value) { bytes in
                func typed<Field>(_: Field.Type) -> Any { bytes.load(fromByteOffset: offset, as: Field.self) }
                return _openExistential(type, do: typed)
            }
        }
        return _openExistential(value, do: inValue)
    }
}

/// How a value of one type reaches the templates.
indirect enum Presentation: @unchecked Sendable {
    case asIs
    /// A `String`, boxed as `Text` (`HTMLText.swift`).
    case text
    /// A view struct: wrapped with its shape (looked up when shown: types may nest themselves).
    case view(Any.Type)
    case list(Presentation)
    /// `Optional`: nil is no value at all, a value is shown by the wrapped type's presentation.
    case optional(Presentation)

    func present(_ value: Any) -> Any? {
        switch self {
        case .asIs: value
        case .text: Text(string: value as! String)
        case .view(let type): ViewValue(value: value, shape: ViewShape.of(type))
        case .list(let element): (value as? any ViewList)?.listElements.map { element.present($0) ?? $0 } ?? value
        case .optional(let wrapped): (value as? any ViewOptional)?.wrappedValue.flatMap { wrapped.present($0) }
        }
    }
}

/// The stored properties of one struct type, by name; worked out once per type and kept.
final class ViewShape: Sendable {
    let fields: [String: ViewField]

    private init(_ type: Any.Type) {
        var fields: [String: ViewField] = [:]
        _forEachField(of: type) { name, offset, fieldType, _ in
            let field = ViewField(offset: offset, type: fieldType, presentation: ViewShape.presentation(of: fieldType))
            fields[String(cString: name)] = field
            return true
        }
        self.fields = fields
    }

    private static let shapes = Mutex<[ObjectIdentifier: ViewShape]>([:])
    private static let presentations = Mutex<[ObjectIdentifier: Presentation]>([:])

    static func of(_ type: Any.Type) -> ViewShape {
        if let shape = shapes.withLock({ $0[ObjectIdentifier(type)] }) { return shape }
        let shape = ViewShape(type)
        shapes.withLock { $0[ObjectIdentifier(type)] = shape }
        return shape
    }

    static func presentation(of type: Any.Type) -> Presentation {
        if let known = presentations.withLock({ $0[ObjectIdentifier(type)] }) { return known }
        let presentation = workedOut(type)
        presentations.withLock { $0[ObjectIdentifier(type)] = presentation }
        return presentation
    }

    private static func workedOut(_ type: Any.Type) -> Presentation {
        if type == String.self { return .text }
        if let optional = type as? any ViewOptional.Type {
            return .optional(presentation(of: optional.wrappedType))
        }
        if let list = type as? any ViewList.Type {
            if case .asIs = presentation(of: list.elementType) { return .asIs }
            return .list(presentation(of: list.elementType))
        }
        return isPlainStruct(type) ? .view(type) : .asIs
    }

    /// A struct of ours or another library's that the templates only read properties of. The
    /// standard library's and Foundation's types, and anything with its own Mustache behaviour or
    /// its own mirror, are left to swift-mustache as they are.
    private static func isPlainStruct(_ type: Any.Type) -> Bool {
        guard kind(of: type) == .struct else { return false }
        let module = String(reflecting: type).prefix { $0 != "." }
        guard !["Swift", "Foundation", "FoundationEssentials", "Mustache"].contains(String(module)) else {
            return false
        }
        return
            !(type is any MustacheParent.Type || type is any MustacheCustomRenderable.Type
            || type is any MustacheCustomRepresentation.Type || type is any MustacheSequence.Type
            || type is any MustacheTransformable.Type || type is any CustomReflectable.Type)
    }
}

/// What kind of type it is (struct, enum, class…), as the runtime tells it for a field of that type.
private func kind(of type: Any.Type) -> _MetadataKind {
    func probe<T>(_: T.Type) -> _MetadataKind {
        var kind = _MetadataKind.unknown
        _forEachField(of: Probe<T>.self) { _, _, _, fieldKind in
            kind = fieldKind
            return false
        }
        return kind
    }
    return _openExistential(type, do: probe)
}

private struct Probe<T> { let value: T }

/// An `Optional` seen without knowing its type.
protocol ViewOptional {
    static var wrappedType: Any.Type { get }
    var wrappedValue: Any? { get }
}

extension Optional: ViewOptional {
    static var wrappedType: Any.Type { Wrapped.self }
    var wrappedValue: Any? { self.map { $0 } }
}

/// An `Array` seen without knowing its element type.
protocol ViewList {
    static var elementType: Any.Type { get }
    var listElements: [Any] { get }
}

extension Array: ViewList {
    static var elementType: Any.Type { Element.self }
    var listElements: [Any] { map { $0 } }
}
