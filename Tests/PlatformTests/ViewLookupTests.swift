import Mustache
import Testing

@testable import Platform

/// The hand-written lookups of the form and list values answer every property the type has, with its
/// value, so a property added to the type and shown by a template cannot be silently missing.
@Suite struct ViewLookupTests {
    @Test func everyPropertyIsAnsweredByName() {
        var field = Field(id: "f-email", name: "email", label: "E-mail")
        (field.hint, field.error, field.when, field.autocomplete, field.accept) = ("h", "e", "post", "email", "a")
        field.choices = [Field.Choice(name: "n", value: "v", label: "l", selected: true)]
        let values: [any MustacheParent] = [field, field.choices[0], SelectOption("v", "l", selected: true)]
        for value in values {
            let properties = Mirror(reflecting: value).children
            #expect(!properties.isEmpty)
            for property in properties {
                let label = property.label!
                #expect(value.child(named: label) != nil, "\(type(of: value)).\(label)")
                #expect(
                    String(describing: value.child(named: label)!) == String(describing: unwrap(property.value)),
                    "\(type(of: value)).\(label)")
            }
        }
        #expect(field.child(named: "nothing") == nil)
        #expect(Field.Choice(name: nil, value: "", label: "", selected: false).child(named: "name") == nil)
    }

    func unwrap(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional, let first = mirror.children.first else { return value }
        return first.value
    }
}
