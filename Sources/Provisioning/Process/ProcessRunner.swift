/// The one way provisioning runs external tools, so tests can record argument lists without running anything.
public protocol ProcessRunner: Sendable {
    func run(_ invocation: CommandInvocation) throws(ProvisioningError) -> CommandOutcome
}
