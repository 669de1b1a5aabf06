/// Nearest-rank percentile of sorted values (0 < p ≤ 1); nil when there are none.
public func nearestRankPercentile(_ sorted: [Double], _ p: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let rank = Int((p * Double(sorted.count)).rounded(.up))
    return sorted[max(0, min(sorted.count - 1, rank - 1))]
}
