// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "zavicaj",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "zavicaj", targets: ["zavicaj"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "zavicaj",
            dependencies: [
                "ZavicajServer", "Platform", "Inquiries", "CivilRegistry", "Documents", "Diaspora", "Events",
                "DocumentFlow", "Newsroom", "Opportunities", "Participation", "Indicators", "Federation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ZavicajServer",
            dependencies: [
                "Platform", "Inquiries", "CivilRegistry", "Diaspora", "Events", "DocumentFlow", "Newsroom",
                "Opportunities", "Participation", "Indicators", "Federation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Platform",
            dependencies: [
                "SMTP", "Documents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")]
        ),
        capability("Inquiries", extra: ["Documents"]),
        .target(
            name: "Documents", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources")]),
        capability("CivilRegistry", extra: ["Documents", .product(name: "Crypto", package: "swift-crypto")]),
        capability("Diaspora", extra: ["Documents"]),
        capability("Events", extra: ["Documents"]),
        capability("DocumentFlow"),
        capabilityTests("DocumentFlow", extra: ["Inquiries"]),
        capability("Newsroom"),
        capabilityTests("Newsroom", extra: ["Diaspora"]),
        capability("Opportunities"),
        capabilityTests("Opportunities"),
        capability("Participation"),
        capabilityTests("Participation"),
        capability("Indicators", extra: ["Documents"]),
        capabilityTests("Indicators"),
        capabilityTests("Events"),
        capabilityTests("Diaspora"),
        capabilityTests("CivilRegistry"),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "TestSupport"]),
        capabilityTests("Inquiries"),
        capability(
            "Federation",
            extra: [
                "Documents", "CivilRegistry", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        capabilityTests(
            "Federation",
            extra: [
                "CivilRegistry", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .target(
            name: "SMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ]
        ),
        .testTarget(
            name: "PlatformTests",
            dependencies: ["Platform", "SMTP", "TestSupport", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "ZavicajServer", "Platform", "SMTP", "Inquiries", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "ZavicajServer", "Platform",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/TestSupport"
        ),
    ]
)

/// A capability: its rules, store and pages on the platform, with templates and catalogs as resources.
func capability(_ name: String, extra: [Target.Dependency] = []) -> Target {
    .target(
        name: name,
        dependencies: ["Platform"] + extra + [
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "SQLKit", package: "sql-kit"),
        ],
        resources: [.copy("Resources")])
}

/// A capability's tests, through the real router on both databases.
func capabilityTests(_ name: String, extra: [Target.Dependency] = []) -> Target {
    .testTarget(
        name: "\(name)Tests",
        dependencies: [.byName(name: name)] + extra + [
            "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
        ])
}
