SELECT
  `t9`.`pair`,
  `t9`.`month`,
  `t9`.`n`,
  `t9`.`n_cooperation`,
  `t9`.`n_conflict`,
  `t9`.`goldstein_mean`,
  `t9`.`tone_mean`,
  `t9`.`mentions`,
  `t9`.`sources`,
  `t9`.`n_other`,
  `t9`.`n_request`,
  `t9`.`n_agree`,
  `t9`.`n_consult`,
  `t9`.`n_cooperate`,
  `t9`.`n_support`,
  `t9`.`n_concede`,
  `t9`.`n_aid`,
  `t9`.`n_retreat`,
  `t9`.`n_accuse`,
  `t9`.`n_reject`,
  `t9`.`n_threaten`,
  `t9`.`n_protest`,
  `t9`.`n_mobilize`,
  `t9`.`n_sanction`,
  `t9`.`n_coerce`,
  `t9`.`n_assault`,
  ieee_divide(CAST(`t9`.`n_cooperation` - `t9`.`n_conflict` AS FLOAT64), `t9`.`n`) AS `coop_index`
FROM (
  SELECT
    `t8`.`pair`,
    `t8`.`month`,
    COUNT(*) AS `n`,
    SUM(CAST(`t8`.`quad_class` IN (1, 2) AS INT64)) AS `n_cooperation`,
    SUM(CAST(`t8`.`quad_class` IN (3, 4) AS INT64)) AS `n_conflict`,
    AVG(`t8`.`goldstein`) AS `goldstein_mean`,
    AVG(`t8`.`avg_tone`) AS `tone_mean`,
    SUM(`t8`.`num_mentions`) AS `mentions`,
    SUM(`t8`.`num_sources`) AS `sources`,
    SUM(CAST(`t8`.`plover_type` = 'OTHER' AS INT64)) AS `n_other`,
    SUM(CAST(`t8`.`plover_type` = 'REQUEST' AS INT64)) AS `n_request`,
    SUM(CAST(`t8`.`plover_type` = 'AGREE' AS INT64)) AS `n_agree`,
    SUM(CAST(`t8`.`plover_type` = 'CONSULT' AS INT64)) AS `n_consult`,
    SUM(CAST(`t8`.`plover_type` = 'COOPERATE' AS INT64)) AS `n_cooperate`,
    SUM(CAST(`t8`.`plover_type` = 'SUPPORT' AS INT64)) AS `n_support`,
    SUM(CAST(`t8`.`plover_type` = 'CONCEDE' AS INT64)) AS `n_concede`,
    SUM(CAST(`t8`.`plover_type` = 'AID' AS INT64)) AS `n_aid`,
    SUM(CAST(`t8`.`plover_type` = 'RETREAT' AS INT64)) AS `n_retreat`,
    SUM(CAST(`t8`.`plover_type` = 'ACCUSE' AS INT64)) AS `n_accuse`,
    SUM(CAST(`t8`.`plover_type` = 'REJECT' AS INT64)) AS `n_reject`,
    SUM(CAST(`t8`.`plover_type` = 'THREATEN' AS INT64)) AS `n_threaten`,
    SUM(CAST(`t8`.`plover_type` = 'PROTEST' AS INT64)) AS `n_protest`,
    SUM(CAST(`t8`.`plover_type` = 'MOBILIZE' AS INT64)) AS `n_mobilize`,
    SUM(CAST(`t8`.`plover_type` = 'SANCTION' AS INT64)) AS `n_sanction`,
    SUM(CAST(`t8`.`plover_type` = 'COERCE' AS INT64)) AS `n_coerce`,
    SUM(CAST(`t8`.`plover_type` = 'ASSAULT' AS INT64)) AS `n_assault`
  FROM (
    SELECT
      `t7`.`pair`,
      `t7`.`SQLDATE` AS `day`,
      CAST(FLOOR(ieee_divide(`t7`.`SQLDATE`, 100)) AS INT64) AS `month`,
      DATE(
        CAST(FLOOR(ieee_divide(`t7`.`SQLDATE`, 10000)) AS INT64),
        MOD(CAST(FLOOR(ieee_divide(`t7`.`SQLDATE`, 100)) AS INT64), 100),
        MOD(`t7`.`SQLDATE`, 100)
      ) AS `date`,
      `t7`.`GLOBALEVENTID` AS `event_id`,
      `t7`.`Actor1Code` AS `actor1`,
      `t7`.`Actor1Name` AS `actor1_name`,
      `t7`.`Actor1Type1Code` AS `actor1_type`,
      `t7`.`Actor2Code` AS `actor2`,
      `t7`.`Actor2Name` AS `actor2_name`,
      `t7`.`Actor2Type1Code` AS `actor2_type`,
      `t7`.`EventCode` AS `cameo`,
      `t7`.`EventRootCode` AS `cameo_root`,
      COALESCE(
        COALESCE(
          CASE `t7`.`EventBaseCode`
            WHEN '040'
            THEN 'CONSULT'
            WHEN '041'
            THEN 'CONSULT'
            WHEN '042'
            THEN 'CONSULT'
            WHEN '043'
            THEN 'CONSULT'
            WHEN '044'
            THEN 'CONSULT'
            WHEN '045'
            THEN 'CONSULT'
            WHEN '046'
            THEN 'CONSULT'
            WHEN '051'
            THEN 'SUPPORT'
            WHEN '052'
            THEN 'SUPPORT'
            WHEN '053'
            THEN 'SUPPORT'
            WHEN '054'
            THEN 'SUPPORT'
            WHEN '055'
            THEN 'CONCEDE'
            WHEN '056'
            THEN 'CONCEDE'
            WHEN '057'
            THEN 'AGREE'
            WHEN '061'
            THEN 'COOPERATE'
            WHEN '062'
            THEN 'COOPERATE'
            WHEN '063'
            THEN 'COOPERATE'
            WHEN '064'
            THEN 'COOPERATE'
            WHEN '071'
            THEN 'AID'
            WHEN '072'
            THEN 'AID'
            WHEN '073'
            THEN 'AID'
            WHEN '074'
            THEN 'AID'
            WHEN '075'
            THEN 'AID'
            WHEN '087'
            THEN 'RETREAT'
            ELSE CAST(NULL AS STRING)
          END,
          CASE `t7`.`EventRootCode`
            WHEN '01'
            THEN 'OTHER'
            WHEN '02'
            THEN 'REQUEST'
            WHEN '03'
            THEN 'AGREE'
            WHEN '04'
            THEN 'CONSULT'
            WHEN '05'
            THEN 'COOPERATE'
            WHEN '06'
            THEN 'COOPERATE'
            WHEN '07'
            THEN 'AID'
            WHEN '08'
            THEN 'CONCEDE'
            WHEN '09'
            THEN 'ACCUSE'
            WHEN '10'
            THEN 'REQUEST'
            WHEN '11'
            THEN 'ACCUSE'
            WHEN '12'
            THEN 'REJECT'
            WHEN '13'
            THEN 'THREATEN'
            WHEN '14'
            THEN 'PROTEST'
            WHEN '15'
            THEN 'MOBILIZE'
            WHEN '16'
            THEN 'SANCTION'
            WHEN '17'
            THEN 'COERCE'
            WHEN '18'
            THEN 'ASSAULT'
            WHEN '19'
            THEN 'ASSAULT'
            WHEN '20'
            THEN 'ASSAULT'
            ELSE CAST(NULL AS STRING)
          END
        ),
        'OTHER'
      ) AS `plover_type`,
      IF(
        COALESCE(
          `t7`.`EventBaseCode` IN (
            '040',
            '041',
            '042',
            '043',
            '044',
            '045',
            '046',
            '051',
            '052',
            '053',
            '054',
            '055',
            '056',
            '057',
            '061',
            '062',
            '063',
            '064',
            '071',
            '072',
            '073',
            '074',
            '075',
            '087'
          ),
          FALSE
        ),
        CASE `t7`.`EventBaseCode`
          WHEN '041'
          THEN 'phone'
          WHEN '042'
          THEN 'visit'
          WHEN '043'
          THEN 'host'
          WHEN '044'
          THEN 'third_party'
          WHEN '045'
          THEN 'mediate'
          WHEN '046'
          THEN 'negotiate'
          WHEN '054'
          THEN 'recognize'
          WHEN '055'
          THEN 'apologize'
          WHEN '056'
          THEN 'forgive'
          WHEN '057'
          THEN 'formal'
          WHEN '061'
          THEN 'economic'
          WHEN '062'
          THEN 'military'
          WHEN '063'
          THEN 'judicial'
          WHEN '064'
          THEN 'intelligence'
          WHEN '071'
          THEN 'economic'
          WHEN '072'
          THEN 'military'
          WHEN '073'
          THEN 'humanitarian'
          WHEN '074'
          THEN 'protection'
          WHEN '075'
          THEN 'asylum'
          ELSE CAST(NULL AS STRING)
        END,
        CASE `t7`.`EventRootCode`
          WHEN '03'
          THEN 'intent'
          WHEN '09'
          THEN 'investigate'
          WHEN '10'
          THEN 'demand'
          WHEN '19'
          THEN 'military'
          WHEN '20'
          THEN 'mass_violence'
          ELSE CAST(NULL AS STRING)
        END
      ) AS `plover_mode`,
      `t7`.`QuadClass` AS `quad_class`,
      `t7`.`GoldsteinScale` AS `goldstein`,
      `t7`.`NumMentions` AS `num_mentions`,
      `t7`.`NumSources` AS `num_sources`,
      `t7`.`NumArticles` AS `num_articles`,
      `t7`.`AvgTone` AS `avg_tone`,
      `t7`.`SOURCEURL` AS `source_url`
    FROM (
      SELECT
        `t6`.*
        EXCEPT (`_r2`)
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t4`.`GLOBALEVENTID`,
            `t4`.`SQLDATE`,
            `t4`.`DATEADDED`,
            `t4`.`Actor1Code`,
            `t4`.`Actor1Name`,
            `t4`.`Actor1Type1Code`,
            `t4`.`Actor2Code`,
            `t4`.`Actor2Name`,
            `t4`.`Actor2Type1Code`,
            `t4`.`EventCode`,
            `t4`.`EventBaseCode`,
            `t4`.`EventRootCode`,
            `t4`.`QuadClass`,
            `t4`.`GoldsteinScale`,
            `t4`.`NumMentions`,
            `t4`.`NumSources`,
            `t4`.`NumArticles`,
            `t4`.`AvgTone`,
            `t4`.`SOURCEURL`,
            `t4`.`pair`,
            ROW_NUMBER() OVER (
              PARTITION BY `t4`.`pair`, `t4`.`SQLDATE`, `t4`.`Actor1Code`, `t4`.`Actor2Code`, `t4`.`EventCode`, COALESCE(`t4`.`SOURCEURL`, CAST(`t4`.`GLOBALEVENTID` AS STRING))
              ORDER BY `t4`.`DATEADDED` ASC, `t4`.`GLOBALEVENTID` ASC
            ) - 1 AS `_r2`
          FROM (
            SELECT
              `t3`.*
              EXCEPT (`_r1`)
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  `t1`.`GLOBALEVENTID`,
                  `t1`.`SQLDATE`,
                  `t1`.`DATEADDED`,
                  `t1`.`Actor1Code`,
                  `t1`.`Actor1Name`,
                  `t1`.`Actor1Type1Code`,
                  `t1`.`Actor2Code`,
                  `t1`.`Actor2Name`,
                  `t1`.`Actor2Type1Code`,
                  `t1`.`EventCode`,
                  `t1`.`EventBaseCode`,
                  `t1`.`EventRootCode`,
                  `t1`.`QuadClass`,
                  `t1`.`GoldsteinScale`,
                  `t1`.`NumMentions`,
                  `t1`.`NumSources`,
                  `t1`.`NumArticles`,
                  `t1`.`AvgTone`,
                  `t1`.`SOURCEURL`,
                  `t1`.`pair`,
                  ROW_NUMBER() OVER (
                    PARTITION BY `t1`.`GLOBALEVENTID`
                    ORDER BY `t1`.`DATEADDED` ASC, `t1`.`GLOBALEVENTID` ASC
                  ) - 1 AS `_r1`
                FROM (
                  SELECT
                    `t0`.`GLOBALEVENTID`,
                    `t0`.`SQLDATE`,
                    `t0`.`DATEADDED`,
                    `t0`.`Actor1Code`,
                    `t0`.`Actor1Name`,
                    `t0`.`Actor1Type1Code`,
                    `t0`.`Actor2Code`,
                    `t0`.`Actor2Name`,
                    `t0`.`Actor2Type1Code`,
                    `t0`.`EventCode`,
                    `t0`.`EventBaseCode`,
                    `t0`.`EventRootCode`,
                    `t0`.`QuadClass`,
                    `t0`.`GoldsteinScale`,
                    `t0`.`NumMentions`,
                    `t0`.`NumSources`,
                    `t0`.`NumArticles`,
                    `t0`.`AvgTone`,
                    `t0`.`SOURCEURL`,
                    CASE
                      WHEN (
                        (
                          COALESCE(`t0`.`Actor1CountryCode` = 'USA', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'USA'), FALSE)
                        )
                        AND (
                          COALESCE(`t0`.`Actor2CountryCode` = 'KAZ', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'KAZ'), FALSE)
                        )
                      )
                      OR (
                        (
                          COALESCE(`t0`.`Actor1CountryCode` = 'KAZ', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'KAZ'), FALSE)
                        )
                        AND (
                          COALESCE(`t0`.`Actor2CountryCode` = 'USA', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'USA'), FALSE)
                        )
                      )
                      THEN 'US-KZ'
                      WHEN (
                        (
                          COALESCE(`t0`.`Actor1CountryCode` = 'RUS', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'RUS'), FALSE)
                        )
                        AND (
                          COALESCE(`t0`.`Actor2CountryCode` = 'KAZ', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'KAZ'), FALSE)
                        )
                      )
                      OR (
                        (
                          COALESCE(`t0`.`Actor1CountryCode` = 'KAZ', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'KAZ'), FALSE)
                        )
                        AND (
                          COALESCE(`t0`.`Actor2CountryCode` = 'RUS', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'RUS'), FALSE)
                        )
                      )
                      THEN 'RU-KZ'
                      WHEN (
                        (
                          COALESCE(`t0`.`Actor1CountryCode` = 'CHN', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'CHN'), FALSE)
                        )
                        AND (
                          COALESCE(`t0`.`Actor2CountryCode` = 'KAZ', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'KAZ'), FALSE)
                        )
                      )
                      OR (
                        (
                          COALESCE(`t0`.`Actor1CountryCode` = 'KAZ', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'KAZ'), FALSE)
                        )
                        AND (
                          COALESCE(`t0`.`Actor2CountryCode` = 'CHN', FALSE)
                          OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'CHN'), FALSE)
                        )
                      )
                      THEN 'CN-KZ'
                      ELSE NULL
                    END AS `pair`
                  FROM `gdelt-bq.gdeltv2.events` AS `t0`
                  WHERE
                    (
                      (
                        (
                          `t0`.`Actor1CountryCode` = 'CHN'
                        )
                        OR (
                          `t0`.`Actor1CountryCode` = 'RUS'
                        )
                        OR (
                          `t0`.`Actor1CountryCode` = 'USA'
                        )
                        OR (
                          STARTS_WITH(`t0`.`Actor1Code`, 'CHN')
                          OR STARTS_WITH(`t0`.`Actor1Code`, 'RUS')
                          OR STARTS_WITH(`t0`.`Actor1Code`, 'USA')
                        )
                      )
                      AND (
                        (
                          `t0`.`Actor2CountryCode` = 'KAZ'
                        ) OR STARTS_WITH(`t0`.`Actor2Code`, 'KAZ')
                      )
                    )
                    OR (
                      (
                        (
                          `t0`.`Actor1CountryCode` = 'KAZ'
                        ) OR STARTS_WITH(`t0`.`Actor1Code`, 'KAZ')
                      )
                      AND (
                        (
                          `t0`.`Actor2CountryCode` = 'CHN'
                        )
                        OR (
                          `t0`.`Actor2CountryCode` = 'RUS'
                        )
                        OR (
                          `t0`.`Actor2CountryCode` = 'USA'
                        )
                        OR (
                          STARTS_WITH(`t0`.`Actor2Code`, 'CHN')
                          OR STARTS_WITH(`t0`.`Actor2Code`, 'RUS')
                          OR STARTS_WITH(`t0`.`Actor2Code`, 'USA')
                        )
                      )
                    )
                ) AS `t1`
              ) AS `t2`
              WHERE
                `t2`.`_r1` = 0
            ) AS `t3`
          ) AS `t4`
        ) AS `t5`
        WHERE
          `t5`.`_r2` = 0
      ) AS `t6`
    ) AS `t7`
  ) AS `t8`
  GROUP BY
    1,
    2
) AS `t9`
ORDER BY
  `t9`.`pair` ASC NULLS LAST,
  `t9`.`month` ASC NULLS LAST
