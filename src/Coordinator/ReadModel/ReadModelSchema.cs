using System.Data.Common;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>
/// The read model's tables, beside the journal in the same database. SQL that SQLite and PostgreSQL
/// both accept; timestamps as ISO-8601 text, metrics and specs as JSON text, the metrics a leaderboard
/// sorts on also as columns so plain SQL can rank them.
/// </summary>
public static class ReadModelSchema
{
    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS rm_offsets (
          persistence_id TEXT PRIMARY KEY,
          sequence_nr BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS rm_sweeps (
          sweep_id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          file TEXT NOT NULL,
          state TEXT NOT NULL,
          trials_total INTEGER NOT NULL,
          trials_queued INTEGER NOT NULL,
          trials_running INTEGER NOT NULL,
          trials_finished INTEGER NOT NULL,
          trials_failed INTEGER NOT NULL,
          submitted_at TEXT NOT NULL,
          ended_at TEXT);
        CREATE TABLE IF NOT EXISTS rm_trials (
          sweep_id TEXT NOT NULL,
          trial_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          label TEXT NOT NULL,
          overrides TEXT NOT NULL,
          spec TEXT NOT NULL,
          trainable_parameters BIGINT NOT NULL,
          non_trainable_parameters BIGINT NOT NULL,
          state TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          retries INTEGER NOT NULL,
          node TEXT,
          last_epoch INTEGER NOT NULL,
          latest_epoch TEXT,
          outcome TEXT,
          error TEXT,
          best_epoch INTEGER,
          val_accuracy DOUBLE PRECISION,
          val_loss DOUBLE PRECISION,
          test_accuracy DOUBLE PRECISION,
          test_loss DOUBLE PRECISION,
          started_at TEXT,
          finished_at TEXT,
          PRIMARY KEY (sweep_id, trial_id));
        CREATE INDEX IF NOT EXISTS rm_trials_by_trial ON rm_trials (trial_id);
        CREATE TABLE IF NOT EXISTS rm_stages (
          sweep_id TEXT NOT NULL,
          stage INTEGER NOT NULL,
          name TEXT NOT NULL,
          base_trial_id TEXT NOT NULL,
          members TEXT NOT NULL,
          first_position INTEGER NOT NULL,
          started_at TEXT NOT NULL,
          PRIMARY KEY (sweep_id, stage));
        CREATE TABLE IF NOT EXISTS rm_fused (
          sweep_id TEXT NOT NULL,
          trial_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          group_id TEXT NOT NULL,
          members INTEGER NOT NULL,
          PRIMARY KEY (sweep_id, trial_id, attempt));
        CREATE TABLE IF NOT EXISTS rm_epochs (
          sweep_id TEXT NOT NULL,
          trial_id TEXT NOT NULL,
          epoch INTEGER NOT NULL,
          attempt INTEGER NOT NULL,
          train_loss DOUBLE PRECISION NOT NULL,
          train_accuracy DOUBLE PRECISION NOT NULL,
          val_loss DOUBLE PRECISION NOT NULL,
          val_accuracy DOUBLE PRECISION NOT NULL,
          learning_rate DOUBLE PRECISION NOT NULL,
          seconds DOUBLE PRECISION NOT NULL,
          images_per_second DOUBLE PRECISION NOT NULL,
          PRIMARY KEY (sweep_id, trial_id, epoch));
        """;

    /// <summary>Requests to the process that runs a sweep: in the journal's database, since they must survive a rebuilt read model.</summary>
    private const string RequestsDdl = """
        CREATE TABLE IF NOT EXISTS sweep_requests (
          sweep_id TEXT NOT NULL,
          request TEXT NOT NULL,
          requested_at TEXT NOT NULL,
          PRIMARY KEY (sweep_id, request));
        """;

    public static void Ensure(DbConnection connection) => connection.Execute(null, Ddl);

    public static void EnsureRequests(DbConnection journalDatabase) => journalDatabase.Execute(null, RequestsDdl);
}
