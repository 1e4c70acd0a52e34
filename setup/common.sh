# Shared install steps for setup/run and setup/test (sourced, not executed).
#
# Everything heavy (Odoo source, virtualenv, template databases' filestores)
# lives in a per-user cache outside the clone, keyed by what it was built
# from, so that a fresh clone on the same machine (CI) reuses it.
# shellcheck shell=bash

set -euo pipefail

QC_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QC_CACHE="${QC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quality-complaint-odoo}"
QC_ADDONS=(quality_complaint quality_complaint_capa quality_complaint_survey quality_complaint_repair quality_complaint_mrp)
QC_ODOO_BRANCH="${QC_ODOO_BRANCH:-19.0}"
QC_ODOO_GIT_URL="${QC_ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
# Extra Python packages: test runner, tour driver, property-based tests.
QC_EXTRA_PIP=(websocket-client "pytest-odoo==2.3.0" "pytest<9" "hypothesis<7")

mkdir -p "$QC_CACHE"

qc_log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
qc_die() { printf '\033[31m[setup] error:\033[0m %s\n' "$*" >&2; exit 1; }

qc_sudo() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else qc_die "root or sudo is needed to run: $*"
    fi
}

qc_hash() { sha1sum | cut -c1-12; }

# ---------------------------------------------------------------- packages
_QC_APT_UPDATED=0
qc_apt_install() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 \
        || qc_die "please install these packages with your distribution's tools: ${missing[*]}"
    qc_log "installing distribution packages: ${missing[*]}"
    if [ "$_QC_APT_UPDATED" -eq 0 ]; then
        qc_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        _QC_APT_UPDATED=1
    fi
    qc_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

qc_ensure_system_packages() {
    # Build headers for Odoo's requirements (python-ldap, psycopg2), git for
    # the clone, Debian's chromium for the browser tours, wkhtmltopdf for PDF reports and
    # the Noto CJK fonts, without which a Chinese customer's PDF prints its labels blank.
    qc_apt_install git build-essential libldap2-dev libsasl2-dev libpq-dev \
        chromium fonts-liberation fonts-noto-cjk wkhtmltopdf
}

# ---------------------------------------------------------------- PostgreSQL
qc_pg_ok() { psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

qc_ensure_postgres() {
    export PGHOST="${PGHOST:-/var/run/postgresql}"
    qc_pg_ok && return 0
    if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
        qc_log "no PostgreSQL cluster found: installing the distribution's server"
        qc_apt_install postgresql postgresql-client
    fi
    if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
        local ver name
        read -r ver name _ < <(pg_lsclusters -h | head -n1)
        qc_log "starting PostgreSQL cluster $ver/$name"
        qc_sudo pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start
    fi
    local i
    for i in $(seq 1 30); do
        pg_isready -q 2>/dev/null && break
        sleep 1
    done
    if ! qc_pg_ok; then
        # The server runs, but the current OS user has no role yet.
        local me
        me="$(id -un)"
        [ "$me" = "postgres" ] && qc_die "do not run this as the postgres user"
        qc_log "creating PostgreSQL role $me"
        if [ "$(id -u)" -eq 0 ]; then
            su postgres -c "createuser --superuser '$me'"
        else
            sudo -u postgres createuser --superuser "$me"
        fi
    fi
    qc_pg_ok || qc_die "cannot connect to PostgreSQL as role $(id -un)"
}

# ---------------------------------------------------------------- Odoo source
# Sets QC_ODOO_DIR to a clean Odoo tree in the cache.
qc_ensure_odoo_source() {
    local srcroot="$QC_CACHE/src" rev dir
    mkdir -p "$srcroot"
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -e "$ODOO_SRC" ] || qc_die "ODOO_SRC=$ODOO_SRC does not exist"
        if [ -f "$ODOO_SRC/odoo-bin" ]; then
            # A source tree: identified by its file list and sizes.
            rev="tree-$( (cd "$ODOO_SRC" && find odoo addons odoo-bin requirements.txt setup.py \
                -path '*/__pycache__' -prune -o -type f -printf '%P %s\n' | sort) | qc_hash)"
            dir="$srcroot/$rev"
            if [ ! -f "$dir/.complete" ]; then
                qc_log "copying Odoo source from $ODOO_SRC into the cache"
                rm -rf "$dir" && mkdir -p "$dir"
                (cd "$ODOO_SRC" && tar -c --exclude=__pycache__ --exclude='*.pyc' \
                    odoo addons odoo-bin setup.py setup.cfg requirements.txt setup) \
                    | tar -x -C "$dir"
                touch "$dir/.complete"
            fi
        else
            # A git directory (bare or .git): take a clean tree of one commit.
            local gitdir="$ODOO_SRC" commit
            [ -d "$ODOO_SRC/.git" ] && gitdir="$ODOO_SRC/.git"
            commit="$(git --git-dir="$gitdir" rev-parse "${ODOO_REV:-HEAD}^{commit}")" \
                || qc_die "ODOO_SRC=$ODOO_SRC is neither an Odoo tree nor a git directory"
            rev="git-${commit:0:12}"
            dir="$srcroot/$rev"
            if [ ! -f "$dir/.complete" ]; then
                qc_log "extracting Odoo ${commit:0:12} from $gitdir into the cache"
                rm -rf "$dir" && mkdir -p "$dir"
                git --git-dir="$gitdir" archive "$commit" odoo addons odoo-bin setup.py \
                    setup.cfg requirements.txt setup 2>/dev/null | tar -x -C "$dir"
                [ -f "$dir/odoo-bin" ] || qc_die "commit $commit holds no Odoo source"
                touch "$dir/.complete"
            fi
        fi
        echo "$rev" >"$srcroot/CURRENT"
    elif [ -f "$srcroot/CURRENT" ] && [ -f "$srcroot/$(cat "$srcroot/CURRENT")/.complete" ]; then
        rev="$(cat "$srcroot/CURRENT")"
    else
        qc_log "cloning Odoo $QC_ODOO_BRANCH (shallow) into the cache"
        local tmp="$srcroot/clone.tmp"
        rm -rf "$tmp"
        git clone --quiet --depth 1 --branch "$QC_ODOO_BRANCH" "$QC_ODOO_GIT_URL" "$tmp" \
            || qc_die "cannot clone Odoo; set ODOO_SRC to an Odoo $QC_ODOO_BRANCH source tree"
        rev="git-$(git -C "$tmp" rev-parse HEAD | cut -c1-12)"
        rm -rf "${srcroot:?}/$rev"
        mv "$tmp" "$srcroot/$rev"
        touch "$srcroot/$rev/.complete"
        echo "$rev" >"$srcroot/CURRENT"
    fi
    QC_ODOO_REV="$rev"
    QC_ODOO_DIR="$srcroot/$rev"
    grep -q "version_info = (19, 0" "$QC_ODOO_DIR/odoo/release.py" \
        || qc_die "the Odoo source in $QC_ODOO_DIR is not Odoo 19.0"
}

# ---------------------------------------------------------------- virtualenv
qc_python() {
    local py
    for py in "${PYTHON:-}" python3.11 python3.12 python3.10 python3; do
        [ -n "$py" ] && command -v "$py" >/dev/null 2>&1 || continue
        if "$py" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 14)))'; then
            echo "$py"; return 0
        fi
    done
    qc_die "Python 3.10 to 3.13 is needed"
}

# Sets QC_VENV; needs QC_ODOO_DIR.
qc_ensure_venv() {
    local py pyver key
    py="$(qc_python)"
    pyver="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    key="$( { echo "$pyver"; echo "$QC_ODOO_REV"; cat "$QC_ODOO_DIR/requirements.txt";
              printf '%s\n' "${QC_EXTRA_PIP[@]}"; } | qc_hash)"
    QC_VENV="$QC_CACHE/venv-py$pyver-$key"
    if [ -f "$QC_VENV/.complete" ]; then
        # Repair a virtualenv that lost one of the test tools.
        "$QC_VENV/bin/python" -c 'import odoo, websocket, pytest_odoo, hypothesis' 2>/dev/null \
            || "$QC_VENV/bin/python" -m pip --disable-pip-version-check -q install \
                -c "$QC_ODOO_DIR/requirements.txt" "${QC_EXTRA_PIP[@]}"
        return 0
    fi
    qc_log "building the virtualenv $QC_VENV (a few minutes, once)"
    rm -rf "$QC_VENV"
    "$py" -m venv "$QC_VENV"
    local pip=("$QC_VENV/bin/python" -m pip --disable-pip-version-check -q)
    "${pip[@]}" install --upgrade pip "setuptools<81" wheel
    "${pip[@]}" install -r "$QC_ODOO_DIR/requirements.txt"
    # Constrained and in compat mode: a bare editable install upgrades lxml to
    # an incompatible 6.x and adds a bogus addons path.
    "${pip[@]}" install -c "$QC_ODOO_DIR/requirements.txt" \
        --config-settings editable_mode=compat -e "$QC_ODOO_DIR"
    "${pip[@]}" install -c "$QC_ODOO_DIR/requirements.txt" "${QC_EXTRA_PIP[@]}"
    touch "$QC_VENV/.complete"
    # Older virtualenvs of this project are no longer used.
    find "$QC_CACHE" -maxdepth 1 -name 'venv-*' ! -path "$QC_VENV" -exec rm -rf {} +
}

# ---------------------------------------------------------------- config
# qc_write_config NAME PORT: writes $QC_CACHE/NAME.conf and sets QC_CONF.
qc_write_config() {
    local name="$1" port="$2"
    QC_CONF="$QC_CACHE/$name.conf"
    mkdir -p "$QC_CACHE/data"
    cat >"$QC_CONF" <<EOF
[options]
db_user = $(id -un)
addons_path = $QC_ODOO_DIR/addons,$QC_REPO
data_dir = $QC_CACHE/data
http_interface = 127.0.0.1
http_port = $port
gevent_port = $((port + 3))
list_db = True
EOF
}

qc_odoo() { "$QC_VENV/bin/python" "$QC_ODOO_DIR/odoo-bin" -c "$QC_CONF" "$@"; }

qc_db_exists() { [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname='$1'")" = 1 ]; }

qc_filestore() { echo "$QC_CACHE/data/filestore/$1"; }

qc_drop_db() {
    local db="$1"
    dropdb --if-exists --force "$db" 2>/dev/null || dropdb --if-exists "$db"
    rm -rf "$(qc_filestore "$db")"
}

# qc_copy_db SRC DST: database and filestore.
qc_copy_db() {
    qc_drop_db "$2"
    createdb -T "$1" "$2"
    if [ -d "$(qc_filestore "$1")" ]; then
        mkdir -p "$QC_CACHE/data/filestore"
        cp -a "$(qc_filestore "$1")" "$(qc_filestore "$2")"
    fi
}

# The standard modules our addons depend on, from their manifests.
qc_addon_depends() {
    "$QC_VENV/bin/python" - "$QC_REPO" "${QC_ADDONS[@]}" <<'EOF'
import ast, pathlib, sys
repo, ours = pathlib.Path(sys.argv[1]), set(sys.argv[2:])
deps = set()
for name in ours:
    manifest = ast.literal_eval((repo / name / "__manifest__.py").read_text())
    deps.update(manifest.get("depends", []))
print(",".join(sorted(deps - ours)))
EOF
}

# What the addons install from (tests excluded: they do not change the database).
qc_addons_hash() {
    (cd "$QC_REPO" && find "${QC_ADDONS[@]}" -type f ! -path '*/tests/*' \
        ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum) | qc_hash
}

# qc_ensure_template DEMO(0|1): sets QC_TEMPLATE, a database with our addons
# installed, built on a cached database holding only the standard dependencies.
qc_ensure_template() {
    local demo="$1" deps base_key base full demo_flag=()
    [ "$demo" = 1 ] && demo_flag=(--with-demo)
    # One build at a time: runs started together wait for the template the first builds.
    exec 9>"$QC_CACHE/template-$demo.lock"
    flock 9
    deps="$(qc_addon_depends)"
    base_key="$(echo "$QC_ODOO_REV $QC_VENV $deps demo=$demo" | qc_hash)"
    base="qc_base_${demo}_$base_key"
    if ! qc_db_exists "$base" || ! [ -f "$QC_CACHE/$base.ok" ]; then
        qc_log "building the base template $base ($deps), once"
        qc_drop_db "$base"
        qc_odoo -d "$base" -i "$deps" "${demo_flag[@]}" --stop-after-init --no-http \
            --log-level=warn || qc_die "installing Odoo's standard modules failed"
        touch "$QC_CACHE/$base.ok"
        # Keep only the current base template.
        local old
        for old in $(psql -d postgres -Atqc "select datname from pg_database
                where datname like 'qc\_base\_${demo}\_%' and datname <> '$base'"); do
            # Only the templates this cache made: another cache may share the server. Keep
            # those of the last hour: another checkout (a branch with other dependencies)
            # may still build on one.
            [ -f "$QC_CACHE/$old.ok" ] || continue
            [ -n "$(find "$QC_CACHE/$old.ok" -mmin +60)" ] || continue
            qc_drop_db "$old"; rm -f "$QC_CACHE/$old.ok"
        done
    fi
    full="qc_tpl_${demo}_$(echo "$base_key $(qc_addons_hash)" | qc_hash)"
    if ! qc_db_exists "$full" || ! [ -f "$QC_CACHE/$full.ok" ]; then
        qc_log "installing the addons into template $full"
        qc_copy_db "$base" "$full.tmp"
        qc_odoo -d "$full.tmp" -i "$(IFS=,; echo "${QC_ADDONS[*]}")" "${demo_flag[@]}" \
            --stop-after-init --no-http --log-level=warn \
            || { qc_drop_db "$full.tmp"; qc_die "installing the addons failed (see above)"; }
        qc_drop_db "$full"
        psql -d postgres -qc "alter database \"$full.tmp\" rename to \"$full\""
        mv "$(qc_filestore "$full.tmp")" "$(qc_filestore "$full")" 2>/dev/null || true
        touch "$QC_CACHE/$full.ok"
        local old
        for old in $(psql -d postgres -Atqc "select datname from pg_database
                where datname like 'qc\_tpl\_${demo}\_%' and datname <> '$full'"); do
            # Only the templates this cache made: another cache may share the server. Keep
            # those of the last hour: a run started on another checkout may still copy one.
            [ -f "$QC_CACHE/$old.ok" ] || continue
            [ -n "$(find "$QC_CACHE/$old.ok" -mmin +60)" ] || continue
            qc_drop_db "$old"; rm -f "$QC_CACHE/$old.ok"
        done
    fi
    QC_TEMPLATE="$full"
    QC_BASE_TEMPLATE="$base"
    exec 9>&-
}

qc_prepare() {
    qc_ensure_system_packages
    qc_ensure_postgres
    qc_ensure_odoo_source
    qc_ensure_venv
}
