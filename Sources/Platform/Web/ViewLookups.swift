import Mustache

// The values every form and list repeats, looked up by name without reflection: swift-mustache
// otherwise builds a `Mirror` of all the properties for each `{{name}}` it reads, which made a form
// with sixty time zones cost more than the rest of its request (`scripts/bench-speed.sh`, perf).
// A name not listed here is not found, as a property the type lacks would not be.

extension Field: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "label": label
        case "type": type
        case "value": value
        case "plain": plain
        case "textarea": textarea
        case "options": options
        case "checks": checks
        case "required": required
        case "autocomplete": autocomplete
        case "accept": accept
        case "hint": hint
        case "error": error
        case "when": when
        case "choices": choices
        default: nil
        }
    }
}

extension Field.Choice: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension SelectOption: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}
