/// The program name used in messages (`berth: unknown command: berth foo`). Docker derives it from
/// the binary; berth keeps one name so messages are stable whatever the symlink is called.
public enum CLIName {
    public static let value = "berth"
}
