import Foundation

/// The font documents are set in: DejaVu Sans (Bitstream Vera licence, in Resources),
/// chosen for its full Latin Extended and Cyrillic coverage.
public enum Fonts {
    public static let dejaVuSans: TrueTypeFont = {
        let url = Bundle.module.bundleURL.appendingPathComponent("Resources/DejaVuSans.ttf")
        // Shipped with the module: a missing or broken file is a packaging fault, not input.
        return try! TrueTypeFont(Data(contentsOf: url))
    }()
}
