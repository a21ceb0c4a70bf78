import BerthOCI

public enum BerthRuntimeInfo {
    public static let specVersion = Spec.version
}
