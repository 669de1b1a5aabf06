import Foundation

/// Files shipped with the Platform module (templates, catalogs, stylesheet).
/// The folder is copied whole, so paths are relative to the bundle's `Resources`.
public enum PlatformResources {
    public static func url(_ relative: String) -> URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources").appendingPathComponent(relative)
    }
}
