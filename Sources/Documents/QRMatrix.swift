/// The module grid while a QR code is drawn: function patterns first, then data, then a mask.
struct Matrix {
    let size: Int
    var dark: [[Bool]]
    var function: [[Bool]]

    init(size: Int) {
        self.size = size
        dark = Array(repeating: Array(repeating: false, count: size), count: size)
        function = dark
    }

    mutating func set(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y][x] = isDark
        function[y][x] = true
    }

    mutating func drawFunctionPatterns(version: Int, alignment: [Int]) {
        for i in 0..<size { set(6, i, i % 2 == 0); set(i, 6, i % 2 == 0) }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                    let distance = max(abs(dx), abs(dy))
                    set(x + dx, y + dy, distance != 2 && distance != 4)
                }
            }
        }
        let last = alignment.count - 1
        for (i, ax) in alignment.enumerated() {
            for (j, ay) in alignment.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 { for dx in -2...2 { set(ax + dx, ay + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormat(mask: 0)
        if version >= 7 { drawVersion(version) }
    }

    /// Level M (bits 00) and the mask, BCH(15,5)-protected, in both copies.
    mutating func drawFormat(mask: Int) {
        let data = mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6)); set(8, 8, bit(7)); set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    mutating func drawVersion(_ version: Int) {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for i in 0..<18 {
            let isDark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            set(a, b, isDark); set(b, a, isDark)
        }
    }

    /// Places codewords in the two-column zigzag from the bottom right.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !function[y][x] && i < codewords.count * 8 {
                        dark[y][x] = (codewords[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    func masked(_ mask: Int) -> Matrix {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !function[y][x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (x / 3 + y / 2) % 2 == 0
                case 5: flip = x * y % 2 + x * y % 3 == 0
                case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { copy.dark[y][x].toggle() }
            }
        }
        copy.drawFormat(mask: mask)
        return copy
    }

    /// The standard's penalty, rules 1 (runs), 2 (2×2 blocks) and 4 (balance); lower reads better.
    var penalty: Int {
        var score = 0
        for line in 0..<size {
            for horizontal in [true, false] {
                var run = 1
                for i in 1..<size {
                    let a = horizontal ? dark[line][i] : dark[i][line],
                        b = horizontal ? dark[line][i - 1] : dark[i - 1][line]
                    if a == b { run += 1; if run == 5 { score += 3 } else if run > 5 { score += 1 } } else { run = 1 }
                }
            }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let c = dark[y][x]
                if c == dark[y][x + 1] && c == dark[y + 1][x] && c == dark[y + 1][x + 1] { score += 3 }
            }
        }
        let darkCount = dark.joined().filter { $0 }.count
        score += abs(darkCount * 20 - size * size * 10) / (size * size) * 10
        return score
    }
}
