import CivilRegistry
import Diaspora
import DocumentFlow
import Events
import Federation
import Indicators
import Inquiries
import Newsroom
import Opportunities
import Participation
import Platform

/// The capabilities of this build, in migration order. A new capability is one
/// more line here and a folder of its own.
public enum Capabilities {
    public static let all: CapabilitySet = CapabilitySet([
        PortalCapability(capabilities: { Capabilities.all }),
        AccountsCapability(capabilities: { Capabilities.all }),
        StaffAreaCapability(capabilities: { Capabilities.all }),
        PlatformAdminCapability(),
        OperationsCapability(),
        InquiriesCapability(),
        CivilRegistryCapability(capabilities: { Capabilities.all }),
        DiasporaCapability(),
        EventsCapability(),
        DocumentFlowCapability(capabilities: { Capabilities.all }),
        NewsroomCapability(capabilities: { Capabilities.all }),
        OpportunitiesCapability(),
        ParticipationCapability(),
        IndicatorsCapability(capabilities: { Capabilities.all }),
        FederationCapability(),
    ])
}
