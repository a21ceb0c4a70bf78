import BerthEngineAPI
import Testing

/// Go's encoding/json rules as dockerd applies them: fields without omitempty are always written
/// (`null` for nil slices and maps), omitempty fields vanish when empty.
@Suite struct GoEncodingTests {
    @Test func containerConfigWritesNullsAndOmitsOmitempty() throws {
        let config = ContainerConfig(hostname: "abc", cmd: ["sh"], image: "busybox")
        // Keys come out sorted: deterministic, and clients do not depend on order.
        let json = try encodedString(config)
        #expect(json == #"{"AttachStderr":false,"AttachStdin":false,"AttachStdout":false,"Cmd":["sh"],"Domainname":"","Entrypoint":null,"Env":null,"Hostname":"abc","Image":"busybox","Labels":null,"OnBuild":null,"OpenStdin":false,"StdinOnce":false,"Tty":false,"User":"","Volumes":null,"WorkingDir":""}"#)
    }

    @Test func omitemptyFieldsAppearWhenSet() throws {
        var config = ContainerConfig()
        config.exposedPorts = ["80/tcp": EmptyObject()]
        config.stopSignal = "SIGTERM"
        config.stopTimeout = 0
        config.argsEscaped = true
        let json = try jsonValue(try EngineJSON.encode(config))
        #expect(json["ExposedPorts"] == .object(["80/tcp": .object([:])]))
        #expect(json["StopSignal"] == .string("SIGTERM"))
        // A pointer in Go: zero is written when set.
        #expect(json["StopTimeout"] == .number(0))
        #expect(json["ArgsEscaped"] == .bool(true))
        #expect(json["Healthcheck"] == nil)
        #expect(json["MacAddress"] == nil)
    }

    @Test func emptyOmitemptyCollectionsVanish() throws {
        var host = HostConfig()
        host.tmpfs = [:]
        host.mounts = []
        host.sysctls = ["net.ipv4.ip_forward": "1"]
        let json = try jsonValue(try EngineJSON.encode(host))
        #expect(json["Tmpfs"] == nil)
        #expect(json["Mounts"] == nil)
        #expect(json["Sysctls"] == .object(["net.ipv4.ip_forward": .string("1")]))
        #expect(json["Binds"] == .null)
        #expect(json["LogConfig"] == .object(["Type": .string(""), "Config": .null]))
        #expect(json["RestartPolicy"] == .object(["Name": .string(""), "MaximumRetryCount": .number(0)]))
        #expect(json["PidsLimit"] == .null)
        #expect(json["Init"] == nil)
        #expect(json["Runtime"] == nil)
    }

    @Test func waitUpdateAndCreateResponsesMatchDockerd() throws {
        #expect(try encodedString(ContainerWaitResponse(statusCode: 7)) == #"{"Error":null,"StatusCode":7}"#)
        #expect(try encodedString(ContainerWaitResponse(error: ContainerWaitExitError(message: "context canceled"), statusCode: -1))
            == #"{"Error":{"Message":"context canceled"},"StatusCode":-1}"#)
        #expect(try encodedString(ContainerUpdateResponse()) == #"{"Warnings":null}"#)
        #expect(try encodedString(ContainerCreateResponse(id: "abc", warnings: [])) == #"{"Id":"abc","Warnings":[]}"#)
        #expect(try encodedString(ErrorResponse(message: "No such container: x")) == #"{"message":"No such container: x"}"#)
        #expect(try EngineJSON.encodeLine(ErrorResponse(message: "x")).last == 0x0A)
    }

    @Test func portOmitsUnpublishedFields() throws {
        #expect(try encodedString(Port(privatePort: 80, type: "tcp")) == #"{"PrivatePort":80,"Type":"tcp"}"#)
        #expect(try encodedString(Port(ip: "0.0.0.0", privatePort: 80, publicPort: 18080, type: "tcp"))
            == #"{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":18080,"Type":"tcp"}"#)
    }

    @Test func exposedButUnpublishedPortsAreNull() throws {
        var settings = NetworkSettings()
        settings.ports = ["80/tcp": nil, "443/tcp": [PortBinding(hostIp: "0.0.0.0", hostPort: "8443")]]
        let json = try jsonValue(try EngineJSON.encode(settings))
        #expect(json["Ports"]?["80/tcp"] == .null)
        #expect(json["Ports"]?["443/tcp"] == .array([.object(["HostIp": .string("0.0.0.0"), "HostPort": .string("8443")])]))
        #expect(json["HairpinMode"] == nil)
        #expect(json["Networks"] == .null)
        let back = try EngineJSON.decode(NetworkSettings.self, from: try EngineJSON.encode(settings))
        #expect(back == settings)
    }

    @Test func progressMessagesOmitEverythingUnset() throws {
        #expect(try encodedString(ProgressMessage(stream: "Loaded image: x:v1\n")) == #"{"stream":"Loaded image: x:v1\n"}"#)
        let pulling = ProgressMessage(status: "Downloading", progressDetail: ProgressDetail(current: 10, total: 100),
                                      progress: "[=>   ]", id: "abc")
        #expect(try encodedString(pulling) == #"{"id":"abc","progress":"[=>   ]","progressDetail":{"current":10,"total":100},"status":"Downloading"}"#)
    }
}
