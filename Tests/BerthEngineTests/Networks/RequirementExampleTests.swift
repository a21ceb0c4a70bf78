import Foundation
import Testing

/// The networking and storage examples of ../shared/requirements, as a user would type them with the real
/// docker CLI: a web container talking to a redis-like TCP server on a user network and published on the
/// host, a bind-mounted directory, and MySQL-style data that survives the container. Part of the bridge
/// network suite, so the two never hold two test threads at once.
extension BridgeNetworkTests {

    @Test func webAndRedisLikeServerOnAUserNetwork() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["network", "create", "-d", "bridge", "localnet"]).status == 0)
        // The "redis": answers every connection with a counter value.
        #expect(try daemon.docker(["run", "-d", "--name", "redis", "--network", "localnet", "busybox", "sh", "-c",
                                   "while true; do echo 42 | nc -l -p 6379; done"]).status == 0)
        // The "web": each request asks redis by name and serves the answer.
        let port = S.freePort()
        let script = "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho hits=$(echo GET | nc -w 2 redis 6379)\\n' > /www/cgi-bin/hits && chmod +x /www/cgi-bin/hits && httpd -f -p 80 -h /www"
        let web = try daemon.docker(["run", "-d", "--name", "web", "--network", "localnet", "-p", "\(port):80", "busybox", "sh", "-c", script])
        #expect(web.status == 0, "\(web.stderr)")
        var body: String?
        for _ in 0..<30 where body?.contains("hits=42") != true {
            body = try S.httpGet("http://127.0.0.1:\(port)/cgi-bin/hits", daemon: daemon)
            usleep(150_000)
        }
        #expect(body == "hits=42\n", "\(body ?? "no answer")")
        #expect(S.trimmed(try daemon.docker(["port", "web", "80"]).stdout) == "0.0.0.0:\(port)")
        let ps = try daemon.docker(["ps", "--format", "{{.Names}} {{.Networks}}", "--filter", "name=web"])
        #expect(S.trimmed(ps.stdout) == "web localnet")
    }

    @Test func bindMountedDirectoryAndMySQLStylePersistence() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let app = daemon.base + "/app"
        try FileManager.default.createDirectory(atPath: app, withIntermediateDirectories: true)
        try "print('hello')\n".write(toFile: app + "/server.py", atomically: true, encoding: .utf8)
        let bound = try daemon.docker(["run", "--rm", "-v", app + ":/app", "busybox", "sh", "-c", "cat /app/server.py; echo log > /app/out.txt"])
        #expect(bound.stdout == "print('hello')\n", "\(bound.stderr)")
        #expect((try? String(contentsOfFile: app + "/out.txt", encoding: .utf8)) == "log\n", "writes reach the host directory")

        // "mysql": a database directory on a named volume; the container goes, the data stays.
        let db = try daemon.docker(["run", "-d", "--name", "mysql", "-v", "dbdata:/var/lib/mysql", "busybox", "sh", "-c",
                                    "echo 'CREATE TABLE t; INSERT 1;' >> /var/lib/mysql/ibdata1; sleep 60"])
        #expect(db.status == 0, "\(db.stderr)")
        let busy = try daemon.docker(["volume", "rm", "dbdata"])
        #expect(busy.status != 0 && busy.stderr.contains("volume is in use"), "\(busy.stderr)")
        #expect(try daemon.docker(["rm", "-f", "mysql"]).status == 0)
        let again = try daemon.docker(["run", "--rm", "--name", "mysql2", "-v", "dbdata:/var/lib/mysql", "busybox", "cat", "/var/lib/mysql/ibdata1"])
        #expect(again.stdout == "CREATE TABLE t; INSERT 1;\n", "\(again.stderr)")
        #expect(try daemon.docker(["volume", "rm", "dbdata"]).status == 0)
    }
}
