BEGIN TRANSACTION;
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    legal_name TEXT NOT NULL,
    stage_name TEXT,
    created_at TEXT NOT NULL
);
INSERT INTO "actors" VALUES('baf74004da7c4a049900be2302f4a72e','1f11f18bf62b47f9b3dd887588769437','张伟',NULL,'2026-12-03T18:02:28+00:00');
CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_sha256 TEXT NOT NULL,
    event_sha256 TEXT NOT NULL,
    signature TEXT NOT NULL
);
INSERT INTO "audit_events" VALUES(1,'2026-12-03T18:02:28+00:00','session','1f11f18bf62b47f9b3dd887588769437','create','{"ai_scope_text":null,"client":"","contract_reference":null,"contract_status":"none","created_at":"2026-12-03T18:02:28+00:00","date":"2026-12-03","engineer":"","id":"1f11f18bf62b47f9b3dd887588769437","studio":"星光录音棚","title":"第一集 配音"}','0000000000000000000000000000000000000000000000000000000000000000','2abfb269cfb13be5adf35924594cafff4d82a3c796dc13bd2af798c2dbe93f40','c79bafb8c758275545d21389318561477b77ad2d57765a0fb6ea8619d31d29bb022c72a2862010307d2013cc8d22d7fd5388513d1022a988f13028b18349f908');
INSERT INTO "audit_events" VALUES(2,'2026-12-03T18:02:28+00:00','actor','baf74004da7c4a049900be2302f4a72e','create','{"created_at":"2026-12-03T18:02:28+00:00","id":"baf74004da7c4a049900be2302f4a72e","legal_name":"张伟","session_id":"1f11f18bf62b47f9b3dd887588769437","stage_name":null}','2abfb269cfb13be5adf35924594cafff4d82a3c796dc13bd2af798c2dbe93f40','f3350c837ae70d548c98af07c11036d7122ca087838aa6273d02b00d29f8daa9','fdd1caceb0bae8a78fe4c518a6de27ce8828b75405e6743c640d7a83fc6380b639c43720ed3a380042394feb04f0f4154c0abd583a8e48d186a0f65345ebc60f');
INSERT INTO "audit_events" VALUES(3,'2026-12-03T18:02:28+00:00','take','b7669775d0a94988885d048b59a9e9d7','create','{"actors":[{"actor_id":"baf74004da7c4a049900be2302f4a72e","position":0}],"audio_sha256":"dc16f590682c21b562a2c2c2f85cb0c109603e6e3669e6185a884c889a8b2674","character":"","created_at":"2026-12-03T18:02:28+00:00","duration":1.0,"format":"PCM 16-bit, 1 ch, 16000 Hz","id":"b7669775d0a94988885d048b59a9e9d7","line":"","notes":"","path":"/tmp/dd-old/data/takes/1f11f18bf62b47f9b3dd887588769437/tone.wav","scene":"","session_id":"1f11f18bf62b47f9b3dd887588769437","source_path":"/tmp/dd-old/tone.wav","status":"complete","take_number":null}','f3350c837ae70d548c98af07c11036d7122ca087838aa6273d02b00d29f8daa9','56c41f06486dc4b8a394ada25b54bcee9536fe22a2762077250091a9782996d6','7fbabac38c82dcca2d6c1ba69a5e1db8c5af40837ae7005102f2e89cc377bf764ca89d23e0f8a913fa97564b64688a6a55a785d8180a84a2979b4e08f6d0e60f');
INSERT INTO "audit_events" VALUES(4,'2026-12-03T18:02:28+00:00','confirmation','9cda43e874bd40c19a5af303e86180af','create','{"actor_id":"baf74004da7c4a049900be2302f4a72e","confirmed_at":"2026-12-03T18:02:28+00:00","id":"9cda43e874bd40c19a5af303e86180af","locale":"zh_CN","strokes_json":"[[[1.0, 1.0, 0.0], [40.0, 9.0, 80.0]]]","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1","typed_name":"张伟"}','56c41f06486dc4b8a394ada25b54bcee9536fe22a2762077250091a9782996d6','0f4af6f8bf40c9c37fd3d8bdf9d9c0acdac30a154b9276522af8ab616f456cb6','096227da87f0bfd9d8be2b2d361a105ff4c092957681f33d55f661e368667d008871fe1d061ea1e9b8832933ce2fbf0af0cc459e018d9d0fb0ebfc1f5c5fc40f');
INSERT INTO "audit_events" VALUES(5,'2026-12-03T18:02:28+00:00','decision','4e098a2b94ed47e5b22744ac720d9be0','create','{"actor_id":"baf74004da7c4a049900be2302f4a72e","conditions":"仅限内部研究 internal only","confirmation_id":"9cda43e874bd40c19a5af303e86180af","contract_reference":null,"expires":"2099-12-31","id":"4e098a2b94ed47e5b22744ac720d9be0","method":"actor_confirmation","permission":"authorized_with_conditions","reason":null,"recorded_at":"2026-12-03T18:02:28+00:00","recorded_by":"张伟","scope":"ai_training","seq":1,"supersedes":null,"take_id":"b7669775d0a94988885d048b59a9e9d7","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1"}','0f4af6f8bf40c9c37fd3d8bdf9d9c0acdac30a154b9276522af8ab616f456cb6','fd33d1649eb96d8a2b669072ff5f19e56ab33f23ea69583892156685c5b9ed46','0b78321c176f72155725fd38dbd3c4997f2b2e03857637bce0a779b15669013496b21e3c64a50189d82063f17acde4a7511be62eda7c2587e26b64fefcdce20c');
INSERT INTO "audit_events" VALUES(6,'2026-12-03T18:02:28+00:00','decision','037e59680d33420ab053d1c7b9684016','create','{"actor_id":"baf74004da7c4a049900be2302f4a72e","conditions":null,"confirmation_id":"9cda43e874bd40c19a5af303e86180af","contract_reference":null,"expires":null,"id":"037e59680d33420ab053d1c7b9684016","method":"actor_confirmation","permission":"not_authorized","reason":null,"recorded_at":"2026-12-03T18:02:28+00:00","recorded_by":"张伟","scope":"voice_cloning","seq":2,"supersedes":null,"take_id":"b7669775d0a94988885d048b59a9e9d7","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1"}','fd33d1649eb96d8a2b669072ff5f19e56ab33f23ea69583892156685c5b9ed46','faaea90e34a4ff2d41f042ce910bf39f53e0d22feadc42dd6c1a13e4db38e8ba','f428fbe03d59472f8e64f4c40d2d9d1b4892d84da5972616da7ea1dca64f3db8ee89aeb0899c3cc995a54144495f01d4e3ba514180b83267e8d573a4d49aa509');
INSERT INTO "audit_events" VALUES(7,'2026-12-03T18:02:28+00:00','decision','63e8bded50004861867a9156f289b155','create','{"actor_id":"baf74004da7c4a049900be2302f4a72e","conditions":null,"confirmation_id":"9cda43e874bd40c19a5af303e86180af","contract_reference":null,"expires":null,"id":"63e8bded50004861867a9156f289b155","method":"actor_confirmation","permission":"not_authorized","reason":null,"recorded_at":"2026-12-03T18:02:28+00:00","recorded_by":"张伟","scope":"ai_generation","seq":3,"supersedes":null,"take_id":"b7669775d0a94988885d048b59a9e9d7","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1"}','faaea90e34a4ff2d41f042ce910bf39f53e0d22feadc42dd6c1a13e4db38e8ba','bd70851d9b0782f40f55322195916851057b651c9d79f6a53b41d8a503e851bc','366e4de5cfe5401f9a091a3ce2b9d657cf8b39706534589cb4493f301a38b63b8740e36a720b9af62d28fc36196b60201863ec56f5abbc01cb20a94e94db7d0f');
INSERT INTO "audit_events" VALUES(8,'2026-12-03T18:02:28+00:00','decision','d5a1b1ec2161460aa620b54e808230ad','create','{"actor_id":"baf74004da7c4a049900be2302f4a72e","conditions":null,"confirmation_id":"9cda43e874bd40c19a5af303e86180af","contract_reference":null,"expires":null,"id":"d5a1b1ec2161460aa620b54e808230ad","method":"actor_confirmation","permission":"authorized","reason":null,"recorded_at":"2026-12-03T18:02:28+00:00","recorded_by":"张伟","scope":"ai_research","seq":4,"supersedes":null,"take_id":"b7669775d0a94988885d048b59a9e9d7","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1"}','bd70851d9b0782f40f55322195916851057b651c9d79f6a53b41d8a503e851bc','d90246b57dcc448e46b41e1b22602c2fb3aad683039d6b4b3563b166e5d5073c','0cbf984e0ee23afd65b61d2b7e4fae6dcc9522c6d298489167fc192c429d8e9243070a54b558804116bcd0db107c15d287697842c84853282ca941463daf1a0c');
INSERT INTO "audit_events" VALUES(9,'2026-12-03T18:02:28+00:00','delivery_attempt','4a49d84f582344b6b7243076d2e7b0e5','create','{"destination":"/tmp/dd-old/out/delivery","id":"4a49d84f582344b6b7243076d2e7b0e5","note":"","purpose":"ai_training","recipient":"Voice AI Ltd","session_id":"1f11f18bf62b47f9b3dd887588769437","started_at":"2026-12-03T18:02:28+00:00","state":"staging","take_ids":"[\"b7669775d0a94988885d048b59a9e9d7\"]"}','d90246b57dcc448e46b41e1b22602c2fb3aad683039d6b4b3563b166e5d5073c','7adcfacf7cd23da5346948a965613bf2ef9d368723e3edf4dcc661fcec8e28e6','219d15d86f1696f1e670b43ed84df38f1ce9027bb3c5a12dc53eba676e6d0e06d351c67310cd9160d7511ee38dce848c5fa4e3372106a70e912877ca25a1c206');
INSERT INTO "audit_events" VALUES(10,'2026-12-03T18:02:28+00:00','delivery','4a49d84f582344b6b7243076d2e7b0e5','create','{"delivered_at":"2026-12-03T18:02:28+00:00","destination":"/tmp/dd-old/out/delivery","id":"4a49d84f582344b6b7243076d2e7b0e5","items":[{"file_name":"tone.wav","record_json":"{\"actors\":[{\"actor_id\":\"baf74004da7c4a049900be2302f4a72e\",\"decisions\":[{\"conditions\":\"仅限内部研究 internal only\",\"confirmation_id\":\"9cda43e874bd40c19a5af303e86180af\",\"contract_reference\":null,\"decision_id\":\"4e098a2b94ed47e5b22744ac720d9be0\",\"expires\":\"2099-12-31\",\"method\":\"actor_confirmation\",\"permission\":\"authorized_with_conditions\",\"reason\":null,\"recorded_at\":\"2026-12-03T18:02:28+00:00\",\"recorded_by\":\"张伟\",\"scope\":\"ai_training\",\"terms_sha256\":\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\",\"terms_version\":\"v1\"},{\"conditions\":null,\"confirmation_id\":\"9cda43e874bd40c19a5af303e86180af\",\"contract_reference\":null,\"decision_id\":\"037e59680d33420ab053d1c7b9684016\",\"expires\":null,\"method\":\"actor_confirmation\",\"permission\":\"not_authorized\",\"reason\":null,\"recorded_at\":\"2026-12-03T18:02:28+00:00\",\"recorded_by\":\"张伟\",\"scope\":\"voice_cloning\",\"terms_sha256\":\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\",\"terms_version\":\"v1\"},{\"conditions\":null,\"confirmation_id\":\"9cda43e874bd40c19a5af303e86180af\",\"contract_reference\":null,\"decision_id\":\"63e8bded50004861867a9156f289b155\",\"expires\":null,\"method\":\"actor_confirmation\",\"permission\":\"not_authorized\",\"reason\":null,\"recorded_at\":\"2026-12-03T18:02:28+00:00\",\"recorded_by\":\"张伟\",\"scope\":\"ai_generation\",\"terms_sha256\":\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\",\"terms_version\":\"v1\"},{\"conditions\":null,\"confirmation_id\":\"9cda43e874bd40c19a5af303e86180af\",\"contract_reference\":null,\"decision_id\":\"d5a1b1ec2161460aa620b54e808230ad\",\"expires\":null,\"method\":\"actor_confirmation\",\"permission\":\"authorized\",\"reason\":null,\"recorded_at\":\"2026-12-03T18:02:28+00:00\",\"recorded_by\":\"张伟\",\"scope\":\"ai_research\",\"terms_sha256\":\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\",\"terms_version\":\"v1\"}],\"name\":\"张伟\",\"stage_name\":null}],\"audio_sha256\":\"dc16f590682c21b562a2c2c2f85cb0c109603e6e3669e6185a884c889a8b2674\",\"contract_reference\":null,\"extra\":{\"ledger_witness\":{\"delivery_id\":\"4a49d84f582344b6b7243076d2e7b0e5\",\"event\":9,\"sha256\":\"7adcfacf7cd23da5346948a965613bf2ef9d368723e3edf4dcc661fcec8e28e6\",\"signature\":\"219d15d86f1696f1e670b43ed84df38f1ce9027bb3c5a12dc53eba676e6d0e06d351c67310cd9160d7511ee38dce848c5fa4e3372106a70e912877ca25a1c206\"}},\"issued_at\":\"2026-12-03T18:02:28+00:00\",\"schema\":\"consent-slate/consent-record\",\"session_id\":\"1f11f18bf62b47f9b3dd887588769437\",\"session_title\":\"第一集 配音\",\"studio\":\"星光录音棚\",\"take_id\":\"b7669775d0a94988885d048b59a9e9d7\",\"take_label\":\"tone.wav\",\"version\":1}","sha256":"228c6c392546b89b6a10fbca78564be23a6efe7edbbe5a8b7d5ce02a35170cc6","take_id":"b7669775d0a94988885d048b59a9e9d7"}],"purpose":"ai_training","recipient":"Voice AI Ltd","session_id":"1f11f18bf62b47f9b3dd887588769437"}','7adcfacf7cd23da5346948a965613bf2ef9d368723e3edf4dcc661fcec8e28e6','930719bd5f07bf6b05816b3d8847e9e2c0ee8b448f716fdc5f910c14a1da39ad','5fcfbe6b96854c976edd068ae47eab81abb8d451bbbbec0ccda7cdf4e62dadd48ab41bf7ff4740277a3d9dc1d299bb8566b765a9b2e9c58b601ca6e5d0343a05');
INSERT INTO "audit_events" VALUES(11,'2026-12-03T18:02:28+00:00','delivery_attempt','4a49d84f582344b6b7243076d2e7b0e5','update','{"destination":"/tmp/dd-old/out/delivery","id":"4a49d84f582344b6b7243076d2e7b0e5","note":"","purpose":"ai_training","recipient":"Voice AI Ltd","session_id":"1f11f18bf62b47f9b3dd887588769437","started_at":"2026-12-03T18:02:28+00:00","state":"publishing","take_ids":"[\"b7669775d0a94988885d048b59a9e9d7\"]"}','930719bd5f07bf6b05816b3d8847e9e2c0ee8b448f716fdc5f910c14a1da39ad','be1cd4fe602e66374df3b5b9d056bb642a91d9abfc54f1cc8e691be83458d67c','36149a13d15601bd2156cfb29db061c49710c57bffda1971f22addad8e26fb5d5191dafd061cd7276b089e85ec00ce22cf6a0f1736861874dfb3f82737932b03');
INSERT INTO "audit_events" VALUES(12,'2026-12-03T18:02:28+00:00','delivery_attempt','4a49d84f582344b6b7243076d2e7b0e5','update','{"destination":"/tmp/dd-old/out/delivery","id":"4a49d84f582344b6b7243076d2e7b0e5","note":"","purpose":"ai_training","recipient":"Voice AI Ltd","session_id":"1f11f18bf62b47f9b3dd887588769437","started_at":"2026-12-03T18:02:28+00:00","state":"complete","take_ids":"[\"b7669775d0a94988885d048b59a9e9d7\"]"}','be1cd4fe602e66374df3b5b9d056bb642a91d9abfc54f1cc8e691be83458d67c','f8478a83cb5d75d874d47e161222bd78353d6af4fb3bf793d62a440a8ee98b49','0f8d0889c8abc00c104aef021b93ef1363c889756a57c327e2991180292669edb722774c05b57230dc105424246553aa9bceee3e1e6d7fdf28298c290a550f00');
CREATE TABLE confirmations (
    id TEXT PRIMARY KEY,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    typed_name TEXT NOT NULL,
    strokes_json TEXT NOT NULL,
    terms_version TEXT NOT NULL,
    terms_sha256 TEXT NOT NULL,
    locale TEXT NOT NULL,
    confirmed_at TEXT NOT NULL
);
INSERT INTO "confirmations" VALUES('9cda43e874bd40c19a5af303e86180af','baf74004da7c4a049900be2302f4a72e','张伟','[[[1.0, 1.0, 0.0], [40.0, 9.0, 80.0]]]','v1','cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc','zh_CN','2026-12-03T18:02:28+00:00');
CREATE TABLE decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    take_id TEXT NOT NULL REFERENCES takes(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    scope TEXT NOT NULL,
    permission TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    method TEXT NOT NULL,
    reason TEXT,
    conditions TEXT,
    expires TEXT,
    contract_reference TEXT,
    terms_version TEXT,
    terms_sha256 TEXT,
    confirmation_id TEXT REFERENCES confirmations(id),
    supersedes TEXT REFERENCES decisions(id)
);
INSERT INTO "decisions" VALUES(1,'4e098a2b94ed47e5b22744ac720d9be0','b7669775d0a94988885d048b59a9e9d7','baf74004da7c4a049900be2302f4a72e','ai_training','authorized_with_conditions','2026-12-03T18:02:28+00:00','张伟','actor_confirmation',NULL,'仅限内部研究 internal only','2099-12-31',NULL,'v1','cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc','9cda43e874bd40c19a5af303e86180af',NULL);
INSERT INTO "decisions" VALUES(2,'037e59680d33420ab053d1c7b9684016','b7669775d0a94988885d048b59a9e9d7','baf74004da7c4a049900be2302f4a72e','voice_cloning','not_authorized','2026-12-03T18:02:28+00:00','张伟','actor_confirmation',NULL,NULL,NULL,NULL,'v1','cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc','9cda43e874bd40c19a5af303e86180af',NULL);
INSERT INTO "decisions" VALUES(3,'63e8bded50004861867a9156f289b155','b7669775d0a94988885d048b59a9e9d7','baf74004da7c4a049900be2302f4a72e','ai_generation','not_authorized','2026-12-03T18:02:28+00:00','张伟','actor_confirmation',NULL,NULL,NULL,NULL,'v1','cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc','9cda43e874bd40c19a5af303e86180af',NULL);
INSERT INTO "decisions" VALUES(4,'d5a1b1ec2161460aa620b54e808230ad','b7669775d0a94988885d048b59a9e9d7','baf74004da7c4a049900be2302f4a72e','ai_research','authorized','2026-12-03T18:02:28+00:00','张伟','actor_confirmation',NULL,NULL,NULL,NULL,'v1','cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc','9cda43e874bd40c19a5af303e86180af',NULL);
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    delivered_at TEXT NOT NULL,
    destination TEXT NOT NULL,
    recipient TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL
);
INSERT INTO "deliveries" VALUES('4a49d84f582344b6b7243076d2e7b0e5','1f11f18bf62b47f9b3dd887588769437','2026-12-03T18:02:28+00:00','/tmp/dd-old/out/delivery','Voice AI Ltd','ai_training');
CREATE TABLE delivery_attempts (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    started_at TEXT NOT NULL,
    destination TEXT NOT NULL,
    recipient TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL,
    take_ids TEXT NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('staging', 'publishing', 'complete', 'failed', 'cancelled', 'interrupted')),
    note TEXT NOT NULL DEFAULT ''
);
INSERT INTO "delivery_attempts" VALUES('4a49d84f582344b6b7243076d2e7b0e5','1f11f18bf62b47f9b3dd887588769437','2026-12-03T18:02:28+00:00','/tmp/dd-old/out/delivery','Voice AI Ltd','ai_training','["b7669775d0a94988885d048b59a9e9d7"]','complete','');
CREATE TABLE delivery_items (
    delivery_id TEXT NOT NULL REFERENCES deliveries(id),
    take_id TEXT NOT NULL REFERENCES takes(id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    record_json TEXT NOT NULL,
    PRIMARY KEY (delivery_id, take_id)
);
INSERT INTO "delivery_items" VALUES('4a49d84f582344b6b7243076d2e7b0e5','b7669775d0a94988885d048b59a9e9d7','tone.wav','228c6c392546b89b6a10fbca78564be23a6efe7edbbe5a8b7d5ce02a35170cc6','{"actors":[{"actor_id":"baf74004da7c4a049900be2302f4a72e","decisions":[{"conditions":"仅限内部研究 internal only","confirmation_id":"9cda43e874bd40c19a5af303e86180af","contract_reference":null,"decision_id":"4e098a2b94ed47e5b22744ac720d9be0","expires":"2099-12-31","method":"actor_confirmation","permission":"authorized_with_conditions","reason":null,"recorded_at":"2026-12-03T18:02:28+00:00","recorded_by":"张伟","scope":"ai_training","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1"},{"conditions":null,"confirmation_id":"9cda43e874bd40c19a5af303e86180af","contract_reference":null,"decision_id":"037e59680d33420ab053d1c7b9684016","expires":null,"method":"actor_confirmation","permission":"not_authorized","reason":null,"recorded_at":"2026-12-03T18:02:28+00:00","recorded_by":"张伟","scope":"voice_cloning","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1"},{"conditions":null,"confirmation_id":"9cda43e874bd40c19a5af303e86180af","contract_reference":null,"decision_id":"63e8bded50004861867a9156f289b155","expires":null,"method":"actor_confirmation","permission":"not_authorized","reason":null,"recorded_at":"2026-12-03T18:02:28+00:00","recorded_by":"张伟","scope":"ai_generation","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1"},{"conditions":null,"confirmation_id":"9cda43e874bd40c19a5af303e86180af","contract_reference":null,"decision_id":"d5a1b1ec2161460aa620b54e808230ad","expires":null,"method":"actor_confirmation","permission":"authorized","reason":null,"recorded_at":"2026-12-03T18:02:28+00:00","recorded_by":"张伟","scope":"ai_research","terms_sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","terms_version":"v1"}],"name":"张伟","stage_name":null}],"audio_sha256":"dc16f590682c21b562a2c2c2f85cb0c109603e6e3669e6185a884c889a8b2674","contract_reference":null,"extra":{"ledger_witness":{"delivery_id":"4a49d84f582344b6b7243076d2e7b0e5","event":9,"sha256":"7adcfacf7cd23da5346948a965613bf2ef9d368723e3edf4dcc661fcec8e28e6","signature":"219d15d86f1696f1e670b43ed84df38f1ce9027bb3c5a12dc53eba676e6d0e06d351c67310cd9160d7511ee38dce848c5fa4e3372106a70e912877ca25a1c206"}},"issued_at":"2026-12-03T18:02:28+00:00","schema":"consent-slate/consent-record","session_id":"1f11f18bf62b47f9b3dd887588769437","session_title":"第一集 配音","studio":"星光录音棚","take_id":"b7669775d0a94988885d048b59a9e9d7","take_label":"tone.wav","version":1}');
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    studio TEXT NOT NULL DEFAULT '',
    engineer TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    contract_reference TEXT,
    contract_status TEXT NOT NULL CHECK (contract_status IN ('none', 'no_ai_clause', 'ai_clause')),
    ai_scope_text TEXT,
    created_at TEXT NOT NULL
);
INSERT INTO "sessions" VALUES('1f11f18bf62b47f9b3dd887588769437','第一集 配音','','星光录音棚','','2026-12-03',NULL,'none',NULL,'2026-12-03T18:02:28+00:00');
CREATE TABLE standing_decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    scope TEXT NOT NULL,
    permission TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    method TEXT NOT NULL,
    reason TEXT,
    conditions TEXT,
    expires TEXT,
    contract_reference TEXT,
    terms_version TEXT,
    terms_sha256 TEXT,
    confirmation_id TEXT REFERENCES confirmations(id),
    supersedes TEXT REFERENCES standing_decisions(id)
);
CREATE TABLE take_actors (
    take_id TEXT NOT NULL REFERENCES takes(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (take_id, actor_id)
);
INSERT INTO "take_actors" VALUES('b7669775d0a94988885d048b59a9e9d7','baf74004da7c4a049900be2302f4a72e',0);
CREATE TABLE takes (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    path TEXT NOT NULL,
    source_path TEXT,
    audio_sha256 TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    duration REAL NOT NULL DEFAULT 0,
    take_number INTEGER,
    scene TEXT NOT NULL DEFAULT '',
    line TEXT NOT NULL DEFAULT '',
    character TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'recovered')),
    created_at TEXT NOT NULL
);
INSERT INTO "takes" VALUES('b7669775d0a94988885d048b59a9e9d7','1f11f18bf62b47f9b3dd887588769437','/tmp/dd-old/data/takes/1f11f18bf62b47f9b3dd887588769437/tone.wav','/tmp/dd-old/tone.wav','dc16f590682c21b562a2c2c2f85cb0c109603e6e3669e6185a884c889a8b2674','PCM 16-bit, 1 ch, 16000 Hz',1.0,NULL,'','','','','complete','2026-12-03T18:02:28+00:00');
CREATE INDEX actors_by_session ON actors(session_id);
CREATE INDEX takes_by_session ON takes(session_id, created_at);
CREATE INDEX take_actors_by_actor ON take_actors(actor_id);
CREATE INDEX decisions_by_take ON decisions(take_id, actor_id, scope, seq);
CREATE INDEX standing_by_actor ON standing_decisions(session_id, actor_id, scope, seq);
CREATE INDEX delivery_items_by_take ON delivery_items(take_id);
CREATE INDEX audit_by_entity ON audit_events(entity, entity_id, seq);
CREATE INDEX delivery_attempts_by_state ON delivery_attempts(state);
CREATE INDEX delivery_attempts_by_session ON delivery_attempts(session_id, started_at)
;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('decisions',4);
COMMIT;
